"""MyRopo IDs: the short code printed on letters that opens one invoice.

Ten random symbols from a 30-symbol alphabet without look-alikes (no 0/O, 1/I/L, U) give
10 * log2(30) ≈ 49 bits of randomness, followed by one Luhn mod N check symbol, which
catches every single mistyped symbol and nearly every swap of two neighbours. Shown in groups
(`ABCDE-FGHJK-M`); typed in any case, with or without dashes and spaces.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_LENGTH = 10
_INDEX = {symbol: i for i, symbol in enumerate(ALPHABET)}


def check_symbol(body: str) -> str:
    """Luhn mod N over the alphabet (the rightmost body symbol is doubled)."""
    n = len(ALPHABET)
    total = 0
    factor = 2
    for symbol in reversed(body):
        addend = factor * _INDEX[symbol]
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


_SPACE = len(ALPHABET) ** BODY_LENGTH
_LIMIT = (2**64 // _SPACE) * _SPACE  # draws at or above this are redrawn: no modulo bias


def new_myropo_id() -> str:
    """One 64-bit draw from the OS's CSPRNG, rejection-sampled into ten uniform symbols."""
    while (draw := int.from_bytes(secrets.token_bytes(8), "big")) >= _LIMIT:
        pass
    value = draw % _SPACE
    symbols = []
    for _ in range(BODY_LENGTH):
        value, index = divmod(value, len(ALPHABET))
        symbols.append(ALPHABET[index])
    body = "".join(symbols)
    return body + check_symbol(body)


def normalise(typed: str) -> str:
    return "".join(ch for ch in typed.upper() if ch not in " -\t")


def is_valid(typed: str) -> bool:
    code = normalise(typed)
    if len(code) != BODY_LENGTH + 1 or any(ch not in _INDEX for ch in code):
        return False
    return check_symbol(code[:-1]) == code[-1]


def display(code: str) -> str:
    return f"{code[:5]}-{code[5:10]}-{code[10:]}"

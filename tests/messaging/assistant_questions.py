"""The assistant's question set: (language, question, expected topic or None for a handover).

Worded differently from the knowledge base's own phrasings, as people write.
"""

QUESTIONS = [
    # English
    ("en", "How much money do I owe you right now?", "what-i-owe"),
    ("en", "When is the due date of my invoice?", "due-date"),
    ("en", "Can I pay this in my online bank?", "pay"),
    ("en", "I need more time, can the due date be postponed?", "postpone"),
    ("en", "Is it possible to split the payment into monthly instalments?", "payment-plan"),
    ("en", "Why did I get a reminder letter?", "reminder-letter"),
    ("en", "My invoice went to debt collection, what does that mean?", "collection-letter"),
    ("en", "This invoice is wrong, I want to dispute it", "dispute"),
    ("en", "Can my accountant handle my invoice for me?", "authorize"),
    ("en", "I cannot log in without bank id", "login"),
    ("en", "I paid twice, how do I get a refund?", "refund"),
    ("en", "Why is there interest and collection costs on my invoice?", "fees"),
    ("en", "What is the best pizza in Helsinki?", None),
    ("en", "Show me the invoices of Matti Meikäläinen", None),
    # Finnish
    ("fi", "Paljonko minulla on velkaa?", "what-i-owe"),
    ("fi", "Mikä on laskuni eräpäivä?", "due-date"),
    ("fi", "Voinko maksaa laskun verkkopankissa?", "pay"),
    ("fi", "Voinko saada lisää maksuaikaa?", "postpone"),
    ("fi", "Voinko tehdä maksusuunnitelman?", "payment-plan"),
    ("fi", "Miksi sain maksumuistutuksen?", "reminder-letter"),
    ("fi", "Sain perintäkirjeen, mitä nyt?", "collection-letter"),
    ("fi", "Lasku on mielestäni väärin", "dispute"),
    ("fi", "Miten valtuutan omaisen hoitamaan laskuani?", "authorize"),
    ("fi", "En pääse kirjautumaan palveluun", "login"),
    ("fi", "Maksoin laskun kahdesti, saanko rahat takaisin?", "refund"),
    ("fi", "Mikä on huomisen sää?", None),
    # Swedish
    ("sv", "Hur mycket är jag skyldig totalt?", "what-i-owe"),
    ("sv", "När förfaller min faktura?", "due-date"),
    ("sv", "Hur betalar jag fakturan?", "pay"),
    ("sv", "Kan jag skjuta upp förfallodagen en månad?", "postpone"),
    ("sv", "Kan jag få en avbetalningsplan?", "payment-plan"),
    ("sv", "Varför fick jag en påminnelse?", "reminder-letter"),
    ("sv", "Min faktura har gått till inkasso", "collection-letter"),
    ("sv", "Jag vill prata med kundtjänst", "contact"),
    ("sv", "Varför är beloppet högre än fakturan, vad är dessa avgifter?", "fees"),
    ("sv", "Vem vann fotbollsmatchen igår?", None),
    # Norwegian bokmål
    ("nb", "Hvor mye skylder jeg nå?", "what-i-owe"),
    ("nb", "Når forfaller fakturaen?", "due-date"),
    ("nb", "Kan jeg betale i nettbanken?", "pay"),
    ("nb", "Kan jeg få betalingsutsettelse?", "postpone"),
    ("nb", "Kan jeg lage en nedbetalingsplan?", "payment-plan"),
    ("nb", "Jeg fikk et inkassovarsel, hva betyr det?", "collection-letter"),
    ("nb", "Hvordan logger jeg inn uten BankID?", "login"),
    ("nb", "Jeg har et brev, hvor står MyRopo-id?", "letter-access"),
    ("nb", "Kan du bestille en flybillett for meg?", None),
]

class MessagingError(Exception):
    """A message could not be written; `message` says why, in the person's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

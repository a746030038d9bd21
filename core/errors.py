class DomainError(Exception):
    """A business rule said no. Carries an HTTP status for the API and a stable code."""

    status_code = 400
    code = "domain_error"

    def __init__(self, message: str, *, code: str | None = None, status_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status_code:
            self.status_code = status_code


class Conflict(DomainError):
    status_code = 409
    code = "conflict"

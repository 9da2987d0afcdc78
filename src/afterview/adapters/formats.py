"""Email addresses and phone numbers judged by the libraries that know their standards.

email-validator for RFC 5322/6531 addresses (no DNS lookup: a job search works
offline), phonenumbers (Google's libphonenumber data) for whether a number is
possible in a country. Both are imported on first use: most commands never check one.
"""

from __future__ import annotations

from afterview.domain.fields import FieldError


class StandardFormats:
    """The `ContactFormats` afterview uses."""

    def check_email(self, value: str) -> None:
        from email_validator import EmailNotValidError, validate_email

        try:
            validate_email(value, check_deliverability=False, test_environment=True)
        except EmailNotValidError as error:
            raise FieldError(f"not an email address ({error})") from None

    def check_phone(self, value: str, region: str) -> None:
        import phonenumbers

        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            raise FieldError("not a phone number") from None
        if not phonenumbers.is_possible_number(number):
            raise FieldError("not a phone number (wrong number of digits)")


FORMATS = StandardFormats()
"""One is enough: it keeps no state."""

"""What the command line says a user can do about a refusal: its flags and commands."""

from __future__ import annotations

from afterview.errors import Fix, Remedy

PHRASES = {
    Fix.FORCE: "--force does it anyway",
    Fix.SEND_ANYWAY: "--force sends it as it is",
    Fix.REPLACE: "--replace replaces the records that exist",
    Fix.RESEND: "check your Sent folder, then --resend if it is not there",
    Fix.PROFILE: "afterview profile set --name 'Your Name' first",
    Fix.PROFILE_EMAIL: "afterview profile set --email you@example.org",
    Fix.CONTACT_REACH: "afterview contact edit {subject} --{field} ...",
    Fix.SMTP: "set AFTERVIEW_SMTP_URL, e.g. smtp://user:password@smtp.example.org:587",
    Fix.IMAP: "set AFTERVIEW_IMAP_URL, e.g. imaps://user:app-password@imap.example.org",
    Fix.FAX_GATEWAY: "set AFTERVIEW_FAX_GATEWAY, e.g. {{fax}}@fax.example.net",
    Fix.ADD_REFERENCE: "afterview reference add CONTACT names one",
    Fix.RECORD_OFFER: "afterview status APPLICATION offer records one",
    Fix.CALL_SCRIPT: "afterview draft --interview {subject} shows what to say",
    Fix.LIST_APPLICATIONS: "afterview pipeline lists them",
    Fix.LIST_CONTACTS: "afterview contact list lists them",
}
LETTER_RESEND = "look in the outbox folder, then --resend if the letter is not there"


def hint(remedy: Remedy | None) -> str | None:
    """The remedy in the command line's words, or None."""
    if remedy is None:
        return None
    if remedy.fix is Fix.RESEND and remedy.subject == "mail":
        return LETTER_RESEND
    return PHRASES[remedy.fix].format(subject=remedy.subject or "ID", field=remedy.field or "")

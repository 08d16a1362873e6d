"""Changes to site-wide records: every view and command goes through these."""

from django.conf import settings
from django.db import transaction

from .models import ContactMessage
from .notifications import send_email_on_commit


@transaction.atomic
def receive_contact_message(
    *, name: str, email: str, organization: str, message: str
) -> ContactMessage:
    """Stores a message from /contact/ and e-mails it to the coalition once it is saved."""
    contact = ContactMessage(name=name, email=email, organization=organization, message=message)
    contact.full_clean()
    contact.save()
    send_email_on_commit(
        subject=f"Contact form: {contact.name}",
        template="emails/contact_message.txt",
        context={"contact": contact},
        to=[settings.COALITION_EMAIL],
    )
    return contact

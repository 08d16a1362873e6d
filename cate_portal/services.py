"""Changes to site-wide records: every view and command goes through these."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from .models import ContactMessage


@transaction.atomic
def receive_contact_message(
    *, name: str, email: str, organization: str, message: str
) -> ContactMessage:
    """Stores a message from /contact/ and e-mails it to the coalition once it is saved."""
    contact = ContactMessage(name=name, email=email, organization=organization, message=message)
    contact.full_clean()
    contact.save()
    body = render_to_string("emails/contact_message.txt", {"contact": contact})
    transaction.on_commit(
        lambda: send_mail(
            subject=f"[CATE] Contact form: {contact.name}",
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[settings.COALITION_EMAIL],
        )
    )
    return contact

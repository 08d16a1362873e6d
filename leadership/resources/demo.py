"""Demo resources of the library, called by leadership.demo.seed_leadership_demo.

Idempotent: resources are found by title. Files are small one-page PDFs written here (text
only), stored through the services like any upload.
"""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from leadership.models import Resource, ResourceTopic, ResourceVisibility
from leadership.resources import services
from partners.models import Membership, Organization, Role

DIRECTOR_EMAIL = "director@cate.example.org"

# (title, description, topic slugs, visibility, link or None for a PDF, contributing
# organization's name or None for the coalition, approved)
RESOURCES = (
    (
        "Recognizing human trafficking: a first-hour training",
        "Slides and notes for a one-hour introduction: indicators of sex and labor "
        "trafficking, first questions to ask, and whom to call in Missouri.",
        ("training-materials", "sex-trafficking", "labor-trafficking"),
        ResourceVisibility.PUBLIC,
        None,
        None,
        True,
    ),
    (
        "National Human Trafficking Hotline: referral directory",
        "The national hotline's directory of services, searchable by state.",
        ("referral-guides",),
        ResourceVisibility.PUBLIC,
        "https://humantraffickinghotline.org/en/find-local-services",
        None,
        True,
    ),
    (
        "Statewide referral guide for partners (2026)",
        "Who takes which referrals, county by county, with the intake hours of each partner. "
        "For partners only: it names intake lines that are not public.",
        ("referral-guides", "protocols"),
        ResourceVisibility.PARTNERS,
        None,
        None,
        True,
    ),
    (
        "Emergency shelter intake protocol",
        "Safe Harbor House's protocol for a night-time intake, shared with the partners.",
        ("protocols",),
        ResourceVisibility.PARTNERS,
        None,
        "Safe Harbor House",
        True,
    ),
    (
        "Leadership retreat briefing",
        "Background for the executive leaders' retreat: the coalition's budget and strategy.",
        ("survivor-leadership",),
        ResourceVisibility.LEADERSHIP,
        None,
        None,
        True,
    ),
    (
        "Youth outreach toolkit",
        "Conversation guides for school counselors. Waiting for the director's approval.",
        ("youth", "training-materials"),
        ResourceVisibility.PARTNERS,
        None,
        "Healing Action",
        False,
    ),
)


def simple_pdf(title: str, lines: tuple[str, ...] = ()) -> bytes:
    """A valid one-page PDF (US Letter) showing `title` and `lines` in Helvetica."""

    def escape(text: str) -> str:
        text = text.encode("latin-1", "replace").decode("latin-1")
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = [f"BT /F1 18 Tf 72 720 Td ({escape(title)}) Tj ET"]
    for number, line in enumerate(lines):
        text.append(f"BT /F1 11 Tf 72 {690 - 16 * number} Td ({escape(line)}) Tj ET")
    stream = "\n".join(text).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        output += b"%010d 00000 n \n" % offset
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(output)


def seed_resources_demo() -> int:
    """Creates the demo resources that do not exist yet; returns how many it created."""
    director = get_user_model().objects.get(email=DIRECTOR_EMAIL)
    created = 0
    for title, description, slugs, visibility, link, organization_name, approved in RESOURCES:
        if Resource.objects.filter(title=title).exists():
            continue
        topics = list(ResourceTopic.objects.filter(slug__in=slugs))
        upload = None
        if link is None:
            upload = ContentFile(
                simple_pdf(title, ("CATE demo document.", description[:90])), name="demo.pdf"
            )
        fields = {
            "title": title,
            "description": description,
            "topics": topics,
            "visibility": visibility,
            "link": link or "",
            "upload": upload,
        }
        organization = (
            Organization.objects.filter(name=organization_name).first()
            if organization_name
            else None
        )
        if approved:
            services.add_resource(acting_user=director, organization=organization, **fields)
        else:
            manager = (
                Membership.objects.current()
                .filter(organization=organization, role=Role.PRIMARY_CONTACT)
                .select_related("user")
                .first()
            )
            services.contribute_resource(
                organization=organization,
                acting_user=manager.user if manager else None,
                **fields,
            )
        created += 1
    return created

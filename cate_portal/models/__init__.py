from .areas import Area, Region
from .site import ContactMessage, TimelineEntry
from .users import User

__all__ = ["Area", "ContactMessage", "Region", "TimelineEntry", "User"]

from .areas import Area, Region
from .reminders import SentReminder
from .site import ContactMessage, TimelineEntry
from .users import User

__all__ = ["Area", "ContactMessage", "Region", "SentReminder", "TimelineEntry", "User"]

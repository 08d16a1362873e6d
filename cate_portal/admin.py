"""Admin for the site-wide records: people's accounts, Missouri's areas, the history timeline,
messages sent through the contact form and the reminders sent."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from .admin_mixins import ReadOnlyAdminMixin
from .models import Area, ContactMessage, SentReminder, TimelineEntry, User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """E-mail based: the custom user has no username, first or last name."""

    form = UserEditForm
    add_form = UserCreationForm
    ordering = ("email",)
    list_display = ("email", "full_name", "title", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "full_name", "title")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal info", {"fields": ("full_name", "title")}),
        (
            "Permissions",
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
            },
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")


@admin.register(Area)
class AreaAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Missouri's 115 areas come from a data migration: read only."""

    list_display = ("name", "fips", "region")
    list_filter = ("region",)
    search_fields = ("name", "fips")


@admin.register(TimelineEntry)
class TimelineEntryAdmin(admin.ModelAdmin):
    list_display = ("display_date", "title", "year", "order")
    list_editable = ("order",)
    search_fields = ("title", "body")


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "organization", "created_at", "handled")
    list_filter = ("handled",)
    list_editable = ("handled",)
    search_fields = ("name", "email", "organization", "message")
    readonly_fields = ("name", "email", "organization", "message", "created_at")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every reminder e-mailed, of every kind: written by `send_reminders`, read only here."""

    list_display = ("about", "kind", "number", "sent_at")
    list_filter = ("kind",)
    search_fields = ("about", "key", "recipients")
    date_hierarchy = "sent_at"
    fields = ("kind", "key", "number", "about", "recipients", "sent_at")

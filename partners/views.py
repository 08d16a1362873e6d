from django.views.generic import DetailView, ListView

from .models import Organization


class DirectoryView(ListView):
    template_name = "partners/organization_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Organization.objects.for_directory()


class OrganizationDetailView(DetailView):
    template_name = "partners/organization_detail.html"

    def get_queryset(self):
        return Organization.objects.for_directory()

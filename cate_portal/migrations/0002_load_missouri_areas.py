"""Loads Missouri's 115 county-level areas: 114 counties and the independent St. Louis City.

FIPS codes and names are the Census Bureau's (as in us-atlas, from which
static/geo/missouri-counties.geojson is derived). Regions group the two metros and five parts of
the state, for the directory's filters.
"""

from django.db import migrations

AREAS = (
    ("29001", "Adair County", "NE"),
    ("29003", "Andrew County", "NW"),
    ("29005", "Atchison County", "NW"),
    ("29007", "Audrain County", "CEN"),
    ("29009", "Barry County", "SW"),
    ("29011", "Barton County", "SW"),
    ("29013", "Bates County", "KC"),
    ("29015", "Benton County", "CEN"),
    ("29017", "Bollinger County", "SE"),
    ("29019", "Boone County", "CEN"),
    ("29021", "Buchanan County", "NW"),
    ("29023", "Butler County", "SE"),
    ("29025", "Caldwell County", "KC"),
    ("29027", "Callaway County", "CEN"),
    ("29029", "Camden County", "CEN"),
    ("29031", "Cape Girardeau County", "SE"),
    ("29033", "Carroll County", "NW"),
    ("29035", "Carter County", "SE"),
    ("29037", "Cass County", "KC"),
    ("29039", "Cedar County", "SW"),
    ("29041", "Chariton County", "NW"),
    ("29043", "Christian County", "SW"),
    ("29045", "Clark County", "NE"),
    ("29047", "Clay County", "KC"),
    ("29049", "Clinton County", "KC"),
    ("29051", "Cole County", "CEN"),
    ("29053", "Cooper County", "CEN"),
    ("29055", "Crawford County", "CEN"),
    ("29057", "Dade County", "SW"),
    ("29059", "Dallas County", "SW"),
    ("29061", "Daviess County", "NW"),
    ("29063", "DeKalb County", "NW"),
    ("29065", "Dent County", "SE"),
    ("29067", "Douglas County", "SE"),
    ("29069", "Dunklin County", "SE"),
    ("29071", "Franklin County", "STL"),
    ("29073", "Gasconade County", "CEN"),
    ("29075", "Gentry County", "NW"),
    ("29077", "Greene County", "SW"),
    ("29079", "Grundy County", "NW"),
    ("29081", "Harrison County", "NW"),
    ("29083", "Henry County", "CEN"),
    ("29085", "Hickory County", "CEN"),
    ("29087", "Holt County", "NW"),
    ("29089", "Howard County", "CEN"),
    ("29091", "Howell County", "SE"),
    ("29093", "Iron County", "SE"),
    ("29095", "Jackson County", "KC"),
    ("29097", "Jasper County", "SW"),
    ("29099", "Jefferson County", "STL"),
    ("29101", "Johnson County", "CEN"),
    ("29103", "Knox County", "NE"),
    ("29105", "Laclede County", "SE"),
    ("29107", "Lafayette County", "KC"),
    ("29109", "Lawrence County", "SW"),
    ("29111", "Lewis County", "NE"),
    ("29113", "Lincoln County", "STL"),
    ("29115", "Linn County", "NW"),
    ("29117", "Livingston County", "NW"),
    ("29119", "McDonald County", "SW"),
    ("29121", "Macon County", "NE"),
    ("29123", "Madison County", "SE"),
    ("29125", "Maries County", "CEN"),
    ("29127", "Marion County", "NE"),
    ("29129", "Mercer County", "NW"),
    ("29131", "Miller County", "CEN"),
    ("29133", "Mississippi County", "SE"),
    ("29135", "Moniteau County", "CEN"),
    ("29137", "Monroe County", "NE"),
    ("29139", "Montgomery County", "CEN"),
    ("29141", "Morgan County", "CEN"),
    ("29143", "New Madrid County", "SE"),
    ("29145", "Newton County", "SW"),
    ("29147", "Nodaway County", "NW"),
    ("29149", "Oregon County", "SE"),
    ("29151", "Osage County", "CEN"),
    ("29153", "Ozark County", "SE"),
    ("29155", "Pemiscot County", "SE"),
    ("29157", "Perry County", "SE"),
    ("29159", "Pettis County", "CEN"),
    ("29161", "Phelps County", "CEN"),
    ("29163", "Pike County", "NE"),
    ("29165", "Platte County", "KC"),
    ("29167", "Polk County", "SW"),
    ("29169", "Pulaski County", "CEN"),
    ("29171", "Putnam County", "NE"),
    ("29173", "Ralls County", "NE"),
    ("29175", "Randolph County", "NE"),
    ("29177", "Ray County", "KC"),
    ("29179", "Reynolds County", "SE"),
    ("29181", "Ripley County", "SE"),
    ("29183", "St. Charles County", "STL"),
    ("29185", "St. Clair County", "CEN"),
    ("29186", "Ste. Genevieve County", "CEN"),
    ("29187", "St. Francois County", "CEN"),
    ("29189", "St. Louis County", "STL"),
    ("29195", "Saline County", "CEN"),
    ("29197", "Schuyler County", "NE"),
    ("29199", "Scotland County", "NE"),
    ("29201", "Scott County", "SE"),
    ("29203", "Shannon County", "SE"),
    ("29205", "Shelby County", "NE"),
    ("29207", "Stoddard County", "SE"),
    ("29209", "Stone County", "SW"),
    ("29211", "Sullivan County", "NW"),
    ("29213", "Taney County", "SW"),
    ("29215", "Texas County", "SE"),
    ("29217", "Vernon County", "CEN"),
    ("29219", "Warren County", "STL"),
    ("29221", "Washington County", "CEN"),
    ("29223", "Wayne County", "SE"),
    ("29225", "Webster County", "SW"),
    ("29227", "Worth County", "NW"),
    ("29229", "Wright County", "SE"),
    ("29510", "St. Louis City", "STL"),
)


def load_areas(apps, schema_editor):
    Area = apps.get_model("cate_portal", "Area")
    Area.objects.bulk_create(
        [Area(fips=fips, name=name, region=region) for fips, name, region in AREAS],
        ignore_conflicts=True,
    )


def unload_areas(apps, schema_editor):
    apps.get_model("cate_portal", "Area").objects.filter(
        fips__in=[fips for fips, _, _ in AREAS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cate_portal", "0001_initial")]

    operations = [migrations.RunPython(load_areas, unload_areas)]

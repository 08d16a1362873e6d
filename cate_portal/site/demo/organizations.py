"""The fictional partner organizations of the demo data, and Healing Action, the coalition's home.

Every name, person, e-mail address (example.org), phone number (555-01xx) and street address
here is invented. Sectors, services and populations are named by their slugs (loaded by
partners/migrations/0002_load_taxonomy.py); counties by their names (cate_portal's areas).
"""

from dataclasses import dataclass

from partners.models import Role, Visibility

PUBLIC = Visibility.PUBLIC
PARTNERS = Visibility.PARTNERS
STAFF = Visibility.STAFF


@dataclass(frozen=True)
class DemoPerson:
    full_name: str
    title: str
    role: str


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    slug: str
    domain: str  # the people's e-mail addresses are first.last@domain
    sector: str
    description: str
    people: tuple[DemoPerson, ...]
    description_es: str = ""  # shown on the Spanish pages when given
    counties: tuple[str, ...] = ()
    statewide: bool = False
    services: tuple[str, ...] = ()
    populations: tuple[str, ...] = ()
    sex_trafficking: bool = False
    labor_trafficking: bool = False
    languages: str = "English"
    phone: str = ""
    phone_visibility: str = PUBLIC
    email_visibility: str = PUBLIC
    street_address: str = ""
    street_address_visibility: str = STAFF
    mailing_address: str = ""
    mailing_address_visibility: str = PARTNERS
    accepts_referrals: bool = False
    open_24_7: bool = False
    hours: str = ""
    hotline: str = ""
    hotline_visibility: str = PUBLIC
    hotline_hours: str = ""
    eligibility_notes: str = ""
    joined: str = "2019-03-01"  # ISO date
    confirmed_days_ago: int = 60  # over 365: `send_reminders` has something to ask for
    status: str = "active"
    # Changes of status after joining, in order: (ISO date, status). The last one is the
    # current status; seed_demo writes them into the organization's history, dated.
    past: tuple[tuple[str, str], ...] = ()
    featured: bool = False  # its logins are printed by seed_demo

    @property
    def public_email(self) -> str:
        return f"info@{self.domain}"

    @property
    def website(self) -> str:
        return f"https://www.{self.domain}/"


def people(primary: tuple[str, str], leader: tuple[str, str], staff: tuple[str, str]):
    """Each demo organization has a primary contact, an executive leader and a staff member."""
    return (
        DemoPerson(*primary, role=Role.PRIMARY_CONTACT),
        DemoPerson(*leader, role=Role.EXECUTIVE_LEADER),
        DemoPerson(*staff, role=Role.STAFF),
    )


ST_LOUIS_METRO = (
    "St. Louis City",
    "St. Louis County",
    "St. Charles County",
    "Jefferson County",
    "Franklin County",
)
KANSAS_CITY_METRO = ("Jackson County", "Clay County", "Platte County", "Cass County")

HEALING_ACTION = DemoOrganization(
    name="Healing Action",
    slug="healing-action",
    domain="healingaction.example.org",
    sector="nonprofit-service-provider",
    description=(
        "A St. Louis survivor-led organization offering case management, mental health "
        "support, street outreach and youth services to people affected by trafficking and "
        "exploitation. Healing Action is CATE's home and fiscal sponsor."
    ),
    counties=("St. Louis City", "St. Louis County"),
    services=("case-management", "mental-health", "street-outreach", "youth-services"),
    populations=("adults", "minors", "women", "men", "lgbtq", "us-citizens"),
    sex_trafficking=True,
    labor_trafficking=True,
    languages="English, Spanish",
    phone="+1 314 555 0100",
    street_address="4100 Demo Avenue, Suite 2, St. Louis, MO 63110",
    street_address_visibility=STAFF,
    mailing_address="P.O. Box 100, St. Louis, MO 63110",
    accepts_referrals=True,
    hours="Monday to Friday, 9 a.m. to 5 p.m.",
    hotline="+1 314 555 0101",
    hotline_hours="24 hours a day, 7 days a week",
    eligibility_notes="Anyone affected by trafficking or exploitation, aged 12 and over.",
    joined="2019-01-15",
    confirmed_days_ago=20,
    featured=True,
    people=people(
        ("Renee Caldwell", "Director of Programs"),
        ("Marcus Whitfield", "Executive Director"),
        ("Dana Okafor", "Survivor Advocate"),
    ),
)

PARTNERS: tuple[DemoOrganization, ...] = (
    # --- St. Louis ---
    DemoOrganization(
        name="Safe Harbor House",
        slug="safe-harbor-house",
        domain="safeharbor.example.org",
        sector="nonprofit-service-provider",
        description="Emergency shelter and transitional housing for women and girls leaving "
        "sex trafficking, with case management from the first night.",
        counties=("St. Louis City", "St. Louis County"),
        services=("emergency-shelter", "transitional-housing", "case-management"),
        populations=("women", "adults", "minors"),
        sex_trafficking=True,
        languages="English, Spanish",
        phone="+1 314 555 0110",
        phone_visibility=PARTNERS,
        street_address="1200 Sample Street, St. Louis, MO 63103",
        mailing_address="P.O. Box 110, St. Louis, MO 63103",
        accepts_referrals=True,
        open_24_7=True,
        hotline="+1 314 555 0111",
        hotline_hours="24/7",
        eligibility_notes="Women and girls 14 and over; referrals by phone at any hour.",
        joined="2019-02-01",
        confirmed_days_ago=45,
        featured=True,
        people=people(
            ("Alicia Brennan", "Shelter Director"),
            ("Theresa Mwangi", "Executive Director"),
            ("Jordan Pike", "Residential Advocate"),
        ),
    ),
    DemoOrganization(
        name="Gateway Legal Aid Project",
        slug="gateway-legal-aid-project",
        domain="gatewaylegal.example.org",
        sector="legal-services",
        description="Free civil and immigration legal help for survivors: vacatur, "
        "T visas, protective orders, and wage claims.",
        counties=ST_LOUIS_METRO,
        services=("legal-services", "immigration-legal-services"),
        populations=("adults", "foreign-nationals", "us-citizens"),
        sex_trafficking=True,
        labor_trafficking=True,
        languages="English, Spanish, Arabic, Bosnian",
        phone="+1 314 555 0112",
        street_address="700 Example Plaza, Floor 3, St. Louis, MO 63101",
        street_address_visibility=PUBLIC,
        mailing_address="700 Example Plaza, Floor 3, St. Louis, MO 63101",
        mailing_address_visibility=PUBLIC,
        accepts_referrals=True,
        hours="Monday to Thursday, 8:30 a.m. to 4:30 p.m.",
        eligibility_notes="Income limits do not apply to survivors of trafficking.",
        joined="2019-01-10",
        confirmed_days_ago=400,
        people=people(
            ("Samuel Ortega", "Managing Attorney"),
            ("Priya Raman", "Executive Director"),
            ("Lena Hoffmann", "Paralegal"),
        ),
    ),
    DemoOrganization(
        name="Riverfront Health Collaborative",
        slug="riverfront-health-collaborative",
        domain="riverfronthealth.example.org",
        sector="healthcare",
        description="A community clinic with trauma-informed primary care, behavioral health "
        "and substance use treatment; no ID or insurance needed.",
        counties=("St. Louis City", "St. Louis County"),
        services=("medical-care", "mental-health", "substance-use-treatment"),
        populations=("adults", "minors", "lgbtq"),
        sex_trafficking=True,
        labor_trafficking=True,
        languages="English, Spanish, Vietnamese",
        phone="+1 314 555 0114",
        street_address="2500 Placeholder Boulevard, St. Louis, MO 63106",
        street_address_visibility=PUBLIC,
        accepts_referrals=True,
        hours="Monday to Saturday, 8 a.m. to 8 p.m.",
        joined="2020-02-01",
        people=people(
            ("Grace Liu", "Care Coordinator"),
            ("Howard Bell", "Chief Medical Officer"),
            ("Nadia Petrovic", "Behavioral Health Counselor"),
        ),
    ),
    DemoOrganization(
        name="Eastern Missouri Victim Advocacy Network",
        slug="eastern-missouri-victim-advocacy-network",
        domain="emvan.example.org",
        sector="prosecution",
        description="Victim-witness advocates working alongside prosecutors, from first "
        "report through trial and sentencing.",
        counties=("St. Louis County", "St. Charles County", "Jefferson County"),
        services=("victim-witness-services", "case-management"),
        populations=("adults", "minors"),
        sex_trafficking=True,
        labor_trafficking=True,
        phone="+1 636 555 0116",
        phone_visibility=STAFF,
        email_visibility=PARTNERS,
        street_address="1 Courthouse Example Way, Clayton, MO 63105",
        hours="Monday to Friday, 8 a.m. to 5 p.m.",
        joined="2019-01-15",
        confirmed_days_ago=500,
        people=people(
            ("Kevin Marsh", "Lead Victim Advocate"),
            ("Angela Dorsey", "Chief of Victim Services"),
            ("Tomas Rivera", "Victim Advocate"),
        ),
    ),
    DemoOrganization(
        name="Confluence Interfaith Network",
        slug="confluence-interfaith-network",
        domain="confluencefaith.example.org",
        sector="faith-community",
        description="Congregations across St. Charles County trained to recognize "
        "exploitation and to support survivors with practical help.",
        counties=("St. Charles County", "Lincoln County", "Warren County"),
        services=("prevention-and-awareness", "training"),
        populations=("adults", "minors"),
        sex_trafficking=True,
        labor_trafficking=True,
        phone="+1 636 555 0118",
        mailing_address="P.O. Box 118, St. Charles, MO 63301",
        mailing_address_visibility=PUBLIC,
        joined="2021-09-01",
        people=people(
            ("Paula Greene", "Network Coordinator"),
            ("Michael Stroud", "Board Chair"),
            ("Esther Kim", "Volunteer Trainer"),
        ),
    ),
    DemoOrganization(
        name="Bridgeway Youth Outreach",
        slug="bridgeway-youth-outreach",
        domain="bridgewayyouth.example.org",
        sector="nonprofit-service-provider",
        description="Street outreach and a drop-in center for young people aged 14 to 24, "
        "including LGBTQ+ youth experiencing homelessness.",
        counties=("St. Louis City",),
        services=("street-outreach", "youth-services", "case-management"),
        populations=("minors", "lgbtq", "us-citizens"),
        sex_trafficking=True,
        phone="+1 314 555 0120",
        street_address="3300 Fictional Street, St. Louis, MO 63118",
        street_address_visibility=PARTNERS,
        accepts_referrals=True,
        hours="Drop-in Tuesday to Saturday, noon to 8 p.m.",
        eligibility_notes="Ages 14 to 24.",
        joined="2019-11-20",
        people=people(
            ("Chris Abernathy", "Outreach Manager"),
            ("Monique Hart", "Executive Director"),
            ("Eli Navarro", "Youth Outreach Worker"),
        ),
    ),
    # --- Kansas City ---
    DemoOrganization(
        name="Heartland Refuge KC",
        slug="heartland-refuge-kc",
        domain="heartlandrefuge.example.org",
        sector="nonprofit-service-provider",
        description="A confidential shelter and transitional housing program for adult "
        "survivors of sex and labor trafficking in the Kansas City metro.",
        counties=KANSAS_CITY_METRO,
        services=("emergency-shelter", "transitional-housing", "case-management", "job-training"),
        populations=("adults", "women", "men", "foreign-nationals"),
        sex_trafficking=True,
        labor_trafficking=True,
        languages="English, Spanish, Swahili",
        phone="+1 816 555 0122",
        phone_visibility=PARTNERS,
        street_address="900 Imaginary Lane, Kansas City, MO 64106",
        mailing_address="P.O. Box 122, Kansas City, MO 64106",
        accepts_referrals=True,
        open_24_7=True,
        hotline="+1 816 555 0123",
        hotline_hours="24/7",
        eligibility_notes="Adults 18 and over; referrals screened by phone.",
        joined="2019-03-01",
        people=people(
            ("Denise Fowler", "Program Director"),
            ("Robert Achterberg", "Executive Director"),
            ("Lucia Mendoza", "Housing Case Manager"),
        ),
    ),
    DemoOrganization(
        name="Kaw Point Workers' Center",
        slug="kaw-point-workers-center",
        domain="kawpointworkers.example.org",
        sector="nonprofit-service-provider",
        description="Know-your-rights trainings, wage theft and labor-trafficking response, "
        "interpretation and job training for immigrant workers.",
        description_es="Talleres sobre sus derechos en el trabajo, respuesta al robo de salarios "
        "y a la trata laboral, interpretación y formación para el empleo para personas "
        "trabajadoras inmigrantes.",
        counties=("Jackson County", "Clay County", "Platte County"),
        services=("labor-trafficking-response", "interpretation", "job-training"),
        populations=("adults", "foreign-nationals", "men", "women"),
        labor_trafficking=True,
        languages="English, Spanish, Vietnamese, K'iche'",
        phone="+1 816 555 0124",
        street_address="1500 Example Street, Kansas City, MO 64108",
        street_address_visibility=PUBLIC,
        accepts_referrals=True,
        hours="Monday to Friday, 10 a.m. to 7 p.m.; Saturday mornings",
        joined="2020-05-05",
        featured=True,
        people=people(
            ("Hector Salinas", "Organizing Director"),
            ("Mai Nguyen", "Executive Director"),
            ("Ruth Castillo", "Interpreter and Advocate"),
        ),
    ),
    DemoOrganization(
        name="Northland Family Counseling",
        slug="northland-family-counseling",
        domain="northlandcounseling.example.org",
        sector="healthcare",
        description="Trauma-focused therapy for survivors and their families, in person and "
        "by video.",
        counties=("Clay County", "Platte County", "Clinton County"),
        services=("mental-health",),
        populations=("adults", "minors", "women", "men"),
        sex_trafficking=True,
        labor_trafficking=True,
        phone="+1 816 555 0126",
        accepts_referrals=True,
        hours="Monday to Friday, 9 a.m. to 7 p.m.",
        eligibility_notes="Sliding-scale fees; no one turned away for inability to pay.",
        joined="2022-01-15",
        people=people(
            ("Stephanie Rowe", "Clinical Director"),
            ("Gary Lindqvist", "Executive Director"),
            ("Amara Chukwu", "Licensed Therapist"),
        ),
    ),
    DemoOrganization(
        name="Metro KC Anti-Trafficking Task Force",
        slug="metro-kc-anti-trafficking-task-force",
        domain="kctaskforce.example.org",
        sector="law-enforcement",
        description="A multi-agency investigative task force that works with victim "
        "advocates from the first contact.",
        counties=KANSAS_CITY_METRO,
        services=("investigation", "training"),
        populations=("adults", "minors"),
        sex_trafficking=True,
        labor_trafficking=True,
        phone="+1 816 555 0128",
        phone_visibility=PARTNERS,
        email_visibility=STAFF,
        street_address="1 Example Precinct Drive, Kansas City, MO 64105",
        hotline="+1 816 555 0129",
        hotline_hours="24/7 tip line",
        open_24_7=True,
        joined="2019-01-15",
        confirmed_days_ago=380,
        people=people(
            ("Laura Benson", "Task Force Coordinator"),
            ("James Oduya", "Commander"),
            ("Ryan Kowalski", "Detective"),
        ),
    ),
    # --- Springfield ---
    DemoOrganization(
        name="Ozark Crossroads Coalition",
        slug="ozark-crossroads-coalition",
        domain="ozarkcrossroads.example.org",
        sector="nonprofit-service-provider",
        description="Case management, prevention education in schools and community "
        "awareness across southwest Missouri.",
        counties=("Greene County", "Christian County", "Taney County", "Stone County"),
        services=("case-management", "prevention-and-awareness", "training"),
        populations=("adults", "minors", "us-citizens"),
        sex_trafficking=True,
        labor_trafficking=True,
        phone="+1 417 555 0130",
        mailing_address="P.O. Box 130, Springfield, MO 65806",
        accepts_referrals=True,
        hours="Monday to Friday, 8 a.m. to 4:30 p.m.",
        joined="2019-04-01",
        past=(("2021-08-31", "withdrawn"), ("2023-05-01", "active")),  # left, then rejoined
        people=people(
            ("Heather Lusk", "Program Manager"),
            ("Brian Castellano", "Executive Director"),
            ("Kayla Dunn", "Prevention Educator"),
        ),
    ),
    DemoOrganization(
        name="Queen City Recovery House",
        slug="queen-city-recovery-house",
        domain="queencityrecovery.example.org",
        sector="nonprofit-service-provider",
        description="Transitional housing with on-site substance use treatment for women "
        "recovering from exploitation.",
        counties=("Greene County", "Webster County", "Lawrence County"),
        services=("transitional-housing", "substance-use-treatment", "case-management"),
        populations=("women", "adults"),
        sex_trafficking=True,
        phone="+1 417 555 0132",
        phone_visibility=PARTNERS,
        street_address="88 Hidden Example Road, Springfield, MO 65802",
        mailing_address="P.O. Box 132, Springfield, MO 65801",
        accepts_referrals=True,
        eligibility_notes="Women 18 and over; an intake interview by phone first.",
        joined="2021-03-08",
        people=people(
            ("Carla Jennings", "House Manager"),
            ("Diane Whitaker", "Executive Director"),
            ("Brooke Sandoval", "Recovery Coach"),
        ),
    ),
    # --- Columbia and Jefferson City ---
    DemoOrganization(
        name="Mid-Missouri Survivor Network",
        slug="mid-missouri-survivor-network",
        domain="midmosurvivors.example.org",
        sector="nonprofit-service-provider",
        description="Advocacy, case management and a regional hotline for survivors in "
        "central Missouri.",
        counties=(
            "Boone County",
            "Callaway County",
            "Cole County",
            "Howard County",
            "Cooper County",
        ),
        services=("case-management", "hotline", "mental-health"),
        populations=("adults", "minors", "women", "men", "lgbtq"),
        sex_trafficking=True,
        labor_trafficking=True,
        languages="English, Spanish",
        phone="+1 573 555 0134",
        mailing_address="P.O. Box 134, Columbia, MO 65201",
        accepts_referrals=True,
        hotline="+1 573 555 0135",
        hotline_hours="Every day, 7 a.m. to 11 p.m.",
        joined="2019-03-20",
        people=people(
            ("Natalie Brooks", "Advocacy Director"),
            ("Owen Fitzgerald", "Executive Director"),
            ("Yasmin Haddad", "Hotline Advocate"),
        ),
    ),
    DemoOrganization(
        name="Columbia Community Law Clinic",
        slug="columbia-community-law-clinic",
        domain="columbialawclinic.example.org",
        sector="education",
        description="A law school clinic where supervised students represent survivors in "
        "immigration and criminal record relief.",
        counties=("Boone County", "Cole County"),
        services=("legal-services", "immigration-legal-services"),
        populations=("adults", "foreign-nationals"),
        sex_trafficking=True,
        labor_trafficking=True,
        languages="English, Spanish, Mandarin",
        phone="+1 573 555 0136",
        street_address="12 Example Hall, Columbia, MO 65211",
        street_address_visibility=PUBLIC,
        accepts_referrals=True,
        hours="During the academic year, Monday to Friday",
        joined="2020-08-24",
        people=people(
            ("Elaine Marquez", "Clinic Director"),
            ("Thomas Reinholt", "Associate Dean"),
            ("Sophie Tran", "Clinic Fellow"),
        ),
    ),
    # --- Cape Girardeau and the Bootheel ---
    DemoOrganization(
        name="Southeast Missouri Safe Place",
        slug="southeast-missouri-safe-place",
        domain="semosafeplace.example.org",
        sector="nonprofit-service-provider",
        description="Emergency shelter and advocacy for survivors of trafficking and "
        "domestic violence in southeast Missouri.",
        counties=("Cape Girardeau County", "Scott County", "Bollinger County", "Perry County"),
        services=("emergency-shelter", "case-management", "hotline"),
        populations=("adults", "minors", "women", "men"),
        sex_trafficking=True,
        labor_trafficking=True,
        phone="+1 573 555 0138",
        street_address="450 Undisclosed Example Drive, Cape Girardeau, MO 63701",
        mailing_address="P.O. Box 138, Cape Girardeau, MO 63702",
        accepts_referrals=True,
        open_24_7=True,
        hotline="+1 573 555 0139",
        hotline_hours="24/7",
        joined="2019-06-01",
        people=people(
            ("Tammy Voss", "Shelter Coordinator"),
            ("Gregory Ashby", "Executive Director"),
            ("Keisha Lambert", "Overnight Advocate"),
        ),
    ),
    DemoOrganization(
        name="Bootheel Hope Center",
        slug="bootheel-hope-center",
        domain="bootheelhope.example.org",
        sector="faith-community",
        description="Youth programs and prevention education in the Bootheel's rural communities.",
        counties=("Dunklin County", "Pemiscot County", "New Madrid County", "Mississippi County"),
        services=("youth-services", "prevention-and-awareness"),
        populations=("minors", "us-citizens"),
        sex_trafficking=True,
        phone="+1 573 555 0140",
        mailing_address="P.O. Box 140, Kennett, MO 63857",
        joined="2019-02-14",
        confirmed_days_ago=700,
        status="inactive",
        past=(("2023-06-30", "inactive"),),
        people=people(
            ("Wendell Hayes", "Youth Pastor"),
            ("Loretta Simms", "Director"),
            ("Jacob Price", "Volunteer Coordinator"),
        ),
    ),
    # --- Joplin ---
    DemoOrganization(
        name="Four States Family Advocacy",
        slug="four-states-family-advocacy",
        domain="fourstatesadvocacy.example.org",
        sector="nonprofit-service-provider",
        description="Advocacy, case management and interpretation for survivors in the "
        "Joplin area, including Marshallese and Spanish-speaking families.",
        counties=("Jasper County", "Newton County", "McDonald County", "Barton County"),
        services=("case-management", "victim-witness-services", "interpretation"),
        populations=("adults", "minors", "foreign-nationals"),
        sex_trafficking=True,
        labor_trafficking=True,
        languages="English, Spanish, Marshallese",
        phone="+1 417 555 0142",
        street_address="301 Example Avenue, Joplin, MO 64801",
        street_address_visibility=PARTNERS,
        accepts_referrals=True,
        hours="Monday to Friday, 8 a.m. to 5 p.m.",
        joined="2020-10-01",
        people=people(
            ("Melissa Grant", "Advocacy Coordinator"),
            ("Rodney Jurgens", "Executive Director"),
            ("Kalena Lajuan", "Interpreter"),
        ),
    ),
    # --- St. Joseph ---
    DemoOrganization(
        name="Pony Express Youth Services",
        slug="pony-express-youth-services",
        domain="ponyexpressyouth.example.org",
        sector="nonprofit-service-provider",
        description="An emergency youth shelter and street outreach for runaway and homeless "
        "young people in northwest Missouri.",
        counties=("Buchanan County", "Andrew County", "DeKalb County", "Clinton County"),
        services=("emergency-shelter", "street-outreach", "youth-services"),
        populations=("minors", "lgbtq"),
        sex_trafficking=True,
        labor_trafficking=True,
        phone="+1 816 555 0144",
        street_address="77 Example Trail, St. Joseph, MO 64501",
        mailing_address="P.O. Box 144, St. Joseph, MO 64502",
        accepts_referrals=True,
        open_24_7=True,
        hotline="+1 816 555 0145",
        hotline_hours="24/7 youth line",
        eligibility_notes="Ages 12 to 17 for the shelter; outreach up to 24.",
        joined="2019-09-09",
        people=people(
            ("Brandon Keller", "Shelter Supervisor"),
            ("Janet Ostrowski", "Executive Director"),
            ("Tyler Beaumont", "Youth Care Worker"),
        ),
    ),
    # --- Kirksville and northeast Missouri ---
    DemoOrganization(
        name="Northeast Missouri Rural Health Partners",
        slug="northeast-missouri-rural-health-partners",
        domain="nemoruralhealth.example.org",
        sector="healthcare",
        description="Rural clinics screening for exploitation and offering medical and "
        "behavioral health care across six counties.",
        counties=(
            "Adair County",
            "Macon County",
            "Schuyler County",
            "Scotland County",
            "Knox County",
            "Sullivan County",
        ),
        services=("medical-care", "mental-health"),
        populations=("adults", "minors", "us-citizens"),
        sex_trafficking=True,
        labor_trafficking=True,
        phone="+1 660 555 0146",
        street_address="500 Example Clinic Road, Kirksville, MO 63501",
        street_address_visibility=PUBLIC,
        accepts_referrals=True,
        hours="Monday to Friday, 7:30 a.m. to 6 p.m.",
        joined="2021-05-17",
        people=people(
            ("Rachel Tidwell", "Nurse Manager"),
            ("Alan Whitmore", "Medical Director"),
            ("Corey Baxter", "Community Health Worker"),
        ),
    ),
    # --- Rural counties ---
    DemoOrganization(
        name="Lake Area Hospitality Against Trafficking",
        slug="lake-area-hospitality-against-trafficking",
        domain="lakehospitality.example.org",
        sector="business",
        description="Hotels, resorts and restaurants around the Lake of the Ozarks training "
        "their staff to spot and report trafficking.",
        counties=("Camden County", "Miller County", "Morgan County"),
        services=("training", "prevention-and-awareness"),
        populations=("adults",),
        sex_trafficking=True,
        labor_trafficking=True,
        phone="+1 573 555 0148",
        joined="2024-04-01",
        people=people(
            ("Tracy Holloway", "Program Lead"),
            ("Dale Emerson", "Board President"),
            ("Megan Foley", "Trainer"),
        ),
    ),
    DemoOrganization(
        name="Current River Family Services",
        slug="current-river-family-services",
        domain="currentriverfamily.example.org",
        sector="nonprofit-service-provider",
        description="Home visits, case management and counseling in the Ozark hill country, "
        "where the nearest city is hours away.",
        counties=(
            "Shannon County",
            "Carter County",
            "Ripley County",
            "Oregon County",
            "Howell County",
            "Texas County",
        ),
        services=("case-management", "mental-health"),
        populations=("adults", "minors", "us-citizens"),
        sex_trafficking=True,
        phone="+1 417 555 0150",
        mailing_address="P.O. Box 150, West Plains, MO 65775",
        accepts_referrals=True,
        hours="Monday to Friday; home visits by appointment",
        joined="2020-01-06",
        people=people(
            ("Bonnie Sutton", "Case Management Supervisor"),
            ("Wayne Pruitt", "Executive Director"),
            ("Holly Carver", "Family Advocate"),
        ),
    ),
    DemoOrganization(
        name="Heartland Farmworker Outreach",
        slug="heartland-farmworker-outreach",
        domain="farmworkeroutreach.example.org",
        sector="nonprofit-service-provider",
        description="Outreach to seasonal and migrant farm and meatpacking workers: rights "
        "education, interpretation and labor-trafficking response.",
        counties=("Pettis County", "Saline County", "Lafayette County", "Dunklin County"),
        services=("labor-trafficking-response", "interpretation", "street-outreach"),
        populations=("adults", "foreign-nationals", "men"),
        labor_trafficking=True,
        languages="English, Spanish, K'iche', Haitian Creole",
        phone="+1 660 555 0152",
        accepts_referrals=True,
        hours="Evenings and weekends, when workers are free",
        joined="2021-07-01",
        people=people(
            ("Rosa Delgado", "Outreach Coordinator"),
            ("Frank Heinz", "Executive Director"),
            ("Jean-Baptiste Pierre", "Outreach Worker"),
        ),
    ),
    # --- Statewide ---
    DemoOrganization(
        name="Missouri Survivors' Hotline Network",
        slug="missouri-survivors-hotline-network",
        domain="mosurvivorshotline.example.org",
        sector="nonprofit-service-provider",
        description="A statewide, around-the-clock hotline that connects survivors to the "
        "nearest partner, with interpretation in over 200 languages.",
        statewide=True,
        services=("hotline", "interpretation", "case-management"),
        populations=("adults", "minors", "foreign-nationals", "us-citizens", "lgbtq"),
        sex_trafficking=True,
        labor_trafficking=True,
        languages="English, Spanish; interpretation on request",
        phone="+1 573 555 0154",
        accepts_referrals=True,
        open_24_7=True,
        hotline="+1 800 555 0155",
        hotline_hours="24/7",
        joined="2019-01-15",
        people=people(
            ("Andrea Kessler", "Hotline Director"),
            ("Victor Lamb", "Executive Director"),
            ("Imani Brooks", "Hotline Advocate"),
        ),
    ),
    DemoOrganization(
        name="Show-Me Freedom Fund",
        slug="show-me-freedom-fund",
        domain="showmefreedom.example.org",
        sector="funder",
        description="A foundation funding survivor services and prevention across Missouri.",
        statewide=True,
        services=("prevention-and-awareness",),
        populations=("adults", "minors"),
        sex_trafficking=True,
        labor_trafficking=True,
        phone="+1 314 555 0156",
        email_visibility=PARTNERS,
        mailing_address="P.O. Box 156, St. Louis, MO 63105",
        joined="2019-05-01",
        people=people(
            ("Patricia Vance", "Program Officer"),
            ("Charles Whitley", "President"),
            ("Emma Lindgren", "Grants Associate"),
        ),
    ),
    DemoOrganization(
        name="Missouri Immigrant Legal Defense Project",
        slug="missouri-immigrant-legal-defense-project",
        domain="moimmigrantdefense.example.org",
        sector="legal-services",
        description="Immigration legal services for survivors of labor and sex trafficking "
        "anywhere in Missouri, with remote consultations.",
        statewide=True,
        services=("immigration-legal-services", "legal-services"),
        populations=("adults", "minors", "foreign-nationals"),
        sex_trafficking=True,
        labor_trafficking=True,
        languages="English, Spanish, French, Arabic, Somali",
        phone="+1 816 555 0158",
        accepts_referrals=True,
        hours="Monday to Friday, 9 a.m. to 5 p.m.",
        joined="2020-03-16",
        people=people(
            ("Fatima Yusuf", "Supervising Attorney"),
            ("Daniel Brenner", "Executive Director"),
            ("Carmen Ibarra", "DOJ Accredited Representative"),
        ),
    ),
    DemoOrganization(
        name="Show-Me Transport Watch",
        slug="show-me-transport-watch",
        domain="transportwatch.example.org",
        sector="business",
        description="Trucking firms and truck stops along I-70 and I-44 training drivers and "
        "staff to recognize and report trafficking.",
        statewide=True,
        services=("training", "prevention-and-awareness"),
        populations=("adults", "minors"),
        sex_trafficking=True,
        labor_trafficking=True,
        phone="+1 573 555 0160",
        joined="2025-02-01",
        people=people(
            ("Doug Mercer", "Safety Director"),
            ("Linda Harrow", "Chief Executive"),
            ("Aaron Blevins", "Driver Trainer"),
        ),
    ),
)

"""Partner kinds and roles (formats.md §1), with Dutch labels; plain data, no Django."""

PARTNER_KINDS = [
    ("employers_organisation", "werkgeversorganisatie"),
    ("union", "werknemersorganisatie"),
    ("training_fund", "O&O-fonds"),
    ("knowledge_centre", "kenniscentrum"),
    ("sector_organisation", "brancheorganisatie"),
    ("municipality", "gemeente"),
    ("province", "provincie"),
    ("uwv", "UWV"),
    ("education", "onderwijsinstelling"),
    ("employer", "werkgever"),
    ("other", "overig"),
]
PARTNER_ROLES = [("main_applicant", "hoofdaanvrager"), ("guarantor", "garantsteller"), ("partner", "partner")]

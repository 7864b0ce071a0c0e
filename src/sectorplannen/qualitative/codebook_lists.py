"""The answer lists of the built-in codebook (version 1): the coding frames of the final evaluation.

Source: docs qualitative.md §2 (consolidated coding frames) and §1.1 (narrow goals per theme), each
category with the line of the evaluation's plain text it rests on. Each list is
``key: (Dutch title, English title, lines, [(code, Dutch label, English label, lines), ...])``.
An administrator adds categories by saving a new codebook version, never in code.
"""

from __future__ import annotations

L = list  # short alias: the rows below are data

LISTS: dict[str, tuple[str, str, str, list]] = {
    "execution": ("Uitvoering", "Execution", "L1492–1494", L([
        ("as_planned", "Zoals oorspronkelijk gepland", "As originally planned", "L1492"),
        ("changed", "Gewijzigd uitgevoerd", "Carried out with changes", "L1494"),
        ("stopped", "Gestopt", "Stopped", "L1504"),
    ])),
    "change": ("Soort wijziging (C-CHANGE)", "Type of change (C-CHANGE)", "L1500–1510", L([
        ("stopped_low_numbers", "Gestopt wegens tegenvallende aantallen", "Stopped because of low numbers", "L1504"),
        ("raised_numbers", "Aantallen verhoogd wegens meer belangstelling", "Numbers raised because of more interest",
         "L1504–1506"),
        ("form", "Vorm", "Form", "L1506"),
        ("target_group", "Doelgroep verbreed of nieuw", "Target group broadened or new",
         "L1508, L3818–3820, L7999–8001"),
        ("partnership_roles", "Rollen en taken in het samenwerkingsverband", "Partnership roles and tasks", "L1508"),
        ("flexibility", "Flexibiliteit van de maatregel", "Flexibility of the measure", "L1508–1510"),
        ("outside_scope", "Kandidaten net buiten de afbakening toegelaten",
         "Candidates just outside the scope admitted",
         "L3806–3810"),
        ("process", "Werkproces gewijzigd", "Process changed", "L3810–3814"),
        ("activities", "Activiteiten aangepast", "Activities adapted", "L3825–3829"),
        ("network_employers", "Meer inzet op netwerk en werkgevers", "More effort on network and employers",
         "L3831–3833"),
        ("wider_area", "Ruimer werkgebied", "Wider geographic eligibility", "L4049–4051"),
        ("budget_shift", "Budget verschoven tussen maatregelen", "Budget shifted between measures", "L5767–5771"),
    ])),
    "helped": ("Hielp de wijziging", "Did the change help", "L1510–1514", L([
        ("yes", "Ja", "Yes", "L1510"), ("no", "Nee", "No", "L1510"),
    ])),
    "mechanism": ("Belangrijkste mechanisme", "Main mechanism", "L903–905, L925–942, L1010–1020", L([
        ("matching", "Betere matching", "Better matching", "L925–929"),
        ("skills", "Vaardigheden (ook sollicitatievaardigheden)", "Skills (incl. application skills)", "L929–931"),
        ("career_insight", "Inzicht in de eigen loopbaan", "Insight into one's own career", "L938–942"),
        ("behaviour_change", "Gedragsverandering na een check", "Behaviour change triggered by a check", "L1010–1016"),
        ("employer_aimed", "Gericht op werkgevers", "Aimed at employers", "L1016–1020"),
        ("other", "Anders", "Other", "L899–901"),
    ])),
    "success": ("Succesfactoren (C-SUCC)", "Success factors (C-SUCC)", "L1524–1574, L3843–3895", L([
        ("fit", "Aansluiting bij de bestaande problematiek", "Fit with the existing problem", "L1524–1528"),
        ("approach", "Wijze van benadering van de doelgroep", "Way of approaching the target group", "L1528"),
        ("partners_active", "Actieve rol van samenwerkingspartners", "Active role of partners", "L1538–1540"),
        ("information", "Wijze van voorlichting", "Information provision", "L1546, L1564"),
        ("independence", "Onafhankelijkheid van werkgevers", "Independence from employers", "L1546"),
        ("name_change", "Naamswijziging", "A change of name", "L1548"),
        ("procurement", "Goede aanbesteding", "Good procurement", "L1548"),
        ("research", "Goed onderzoek", "Good research", "L1550"),
        ("target_group_clear", "Doelgroep goed in beeld", "A clear picture of the target group", "L1556"),
        ("existing_scheme", "Voortbouwen op een bestaande regeling", "Building on an existing scheme", "L1558"),
        ("low_threshold", "Laagdrempelig", "Low threshold", "L1572"),
        ("employer_approach", "Benadering van werkgevers (vraaggericht)", "Approach to employers (demand-led)",
         "L3855–3873"),
        ("right_parties", "Samenwerken met de juiste partijen", "Working with the right parties", "L3889–3895"),
        ("earlier_plan", "Voortbouwen op een eerder sectorplan", "Building on an earlier sector plan", "L8064–8068"),
    ])),
    "failure": ("Oorzaken van onderrealisatie (C-FAIL)", "Reasons for under-realisation (C-FAIL)",
                "L1578–1641, L3905–3996", L([
        ("employer_interest", "Te weinig animo bij werkgevers", "Too little interest among employers", "L1584, L1590"),
        ("employee_interest", "Te weinig animo bij werknemers", "Too little interest among employees", "L1584, L1592"),
        ("registration", "Registratie van de deelnemers (ook BSN en privacy)",
         "Registration of participants (incl. BSN and privacy)", "L1584, L1611–1617"),
        ("preparation", "Voorbereiding", "Preparation", "L1586, L1598"),
        ("external", "Externe ontwikkelingen (conjunctuur, beleid en wetgeving)",
         "External developments (business cycle, policy and law)", "L1592–1594, L1748–1752"),
        ("coordination", "Afstemming met de samenwerkingspartners", "Coordination with partners", "L1600, L1639–1641"),
        ("hard_to_reach", "Doelgroep moeilijk te bereiken", "Target group hard to reach", "L1600–1602"),
        ("admin_burden", "Administratieve lasten en verantwoordingslast", "Administrative and accounting burden",
         "L1602–1606, L1619–1623, L1633–1637"),
        ("t3_frameworks", "Beperkende kaders vanuit SZW", "Restrictive frameworks of the ministry", "L3946–3972"),
        ("dropout", "Uitval na instroom", "Drop-out after inflow", "L3976–3996"),
        ("difficult_group", "Lastige doelgroep of lager niveau", "Difficult target group or lower level",
         "L3980–3986"),
        ("lack_expertise", "Gebrek aan kennis en expertise in het samenwerkingsverband",
         "Lack of knowledge and expertise in the partnership", "L4063–4065"),
    ])),
    "counterfactual": ("Zonder sectorplan (C-CF)", "Without the sector plan (C-CF)", "L212–214, L1986–1990", L([
        ("not", "Niet", "Not at all", "L1988"),
        ("later", "Later", "Later", "L1988, L2270"),
        ("lesser", "In mindere mate", "To a lesser extent", "L1988, L2837"),
        ("same", "In dezelfde mate", "To the same extent", "§2 C-CF (exhaustive)"),
        ("dont_know", "Weet niet", "Don't know", "§2 C-CF (exhaustive)"),
    ])),
    "continuation": ("Voortzetting (C-CONT-M)", "Continuation (C-CONT-M)", "L1643–1671", L([
        ("all", "Volledig", "Fully", "L1645"), ("part", "Gedeeltelijk", "Partly", "L1647"),
        ("none", "Nee", "No", "L1665"), ("unknown", "Nog onbekend", "Not known yet", "§3(a) B8"),
    ])),
    "continuation_mode": ("Vorm van voortzetting", "Mode of continuation", "L1647–1649", L([
        ("modified", "In aangepaste vorm", "In modified form", "L1647"),
        ("fewer", "Met minder deelnemers", "With fewer participants", "L1649"),
    ])),
    "continuation_funding": ("Financiering na de subsidie", "Funding after the subsidy", "L1655–1663", L([
        ("lower_numbers", "Lagere aantallen", "Lower numbers", "L1655"),
        ("employers_pay", "Werkgevers betalen (meer)", "Employers pay (more)", "L1657"),
        ("cao", "Opgenomen in de cao", "Included in the CAO", "L1657–1661"),
        ("esf", "ESF", "ESF", "L1661"), ("dwsra", "DWSRA", "DWSRA", "L1661"),
        ("other_subsidy", "Andere subsidie", "Other subsidy", "L1661–1663"),
    ])),
    "continuation_none": ("Reden geen voortzetting", "Reason for no continuation", "L1665–1671", L([
        ("cofinancing_ends", "De cofinanciering stopt", "The cofinancing ends", "L1665"),
        ("poor_cooperation", "Slechte samenwerking in de sector", "Poor cooperation in the sector", "L1667"),
        ("unsuccessful", "De maatregel was geen succes", "The measure was not a success", "L1667"),
        ("short_term", "Alleen voor kortetermijnproblemen (crisis)", "Short-term crisis problem only", "L1669–1671"),
    ])),
    "workable": ("Werkbaarheid", "Workability", "L3384–3394", L([
        ("yes", "Ja", "Yes", "L3384"), ("partly", "Deels", "Partly", "L3386"), ("no", "Nee", "No", "L3388"),
    ])),
    "dropout": ("Uitval na plaatsing", "Drop-out after placement", "L3976–3996", L([
        ("often", "Vaak", "Often", "L3978"), ("sometimes", "Soms", "Sometimes", "L3978"),
        ("rarely", "Zelden", "Rarely", "L3978"), ("unknown", "Weet niet", "Don't know", "§3(a) B10"),
    ])),
    "initiator": ("Initiatiefnemer (C-INIT)", "Initiator (C-INIT)", "L4721–4733, L4757–4759", L([
        ("social_partners", "Sociale partners", "Social partners", "L4721"),
        ("employer_org", "Werkgeversorganisatie", "Employer organisation", "L4725"),
        ("sector_body", "Bedrijfstakbureau / uitvoeringsorgaan", "Sectoral implementing body", "L4727"),
        ("regional_partnership", "Regionaal samenwerkingsverband", "Regional partnership", "L4729"),
        ("municipality", "Gemeente", "Municipality", "L4731"), ("union", "Vakbond", "Union", "L4731"),
        ("education", "Onderwijsinstelling (mbo)", "Education institution (mbo)", "L4731"),
        ("combination", "Bredere combinatie", "Broader combination", "L4733"),
        ("regional_foundation", "Regionale stichting", "Regional foundation", "L4757–4759"),
    ])),
    "party": ("Soort partij (C-PARTY)", "Party type (C-PARTY)", "L4743–4790, L4824–4830", L([
        ("union", "Vakbond", "Union", "L4749"), ("employer_assoc", "Werkgeversvereniging", "Employer association",
         "L4749"),
        ("sector_fund", "O&O-fonds / sectorfonds", "Training and development fund", "L4749"),
        ("uwv", "UWV", "UWV", "L4753"), ("municipality", "Gemeente", "Municipality", "L4751"),
        ("province", "Provincie", "Province", "L4755"), ("regional_sme", "Regionaal mkb", "Regional SME body", "L4753"),
        ("regional_foundation", "Regionale stichting", "Regional foundation", "L4755"),
        ("education", "Onderwijsinstelling", "Education institution", "L4755"),
        ("intermediary", "Intermediair", "Intermediary", "L4757"),
        ("external_bureau", "Extern bureau", "External bureau", "L4788"),
        ("vws", "VWS / landelijk kader (zorg)", "VWS / national framework (care)", "L4760–4766"),
        ("kbb_sbb", "KBB / SBB", "KBB / SBB", "L4824–4828"),
        ("commercial_provider", "Commerciële aanbieder", "Commercial provider", "L4828–4830"),
    ])),
    "role": ("Rol (C-ROLE)", "Role (C-ROLE)", "L4780–4784", L([
        ("drafting", "Opstellen van het plan", "Drafting the plan", "L4780"),
        ("project_management", "Projectleiding", "Project management", "L4780"),
        ("monitoring", "Voortgangsbewaking", "Progress monitoring", "L4782"),
        ("steering", "Sturing", "Steering", "L4782"),
        ("support", "Draagvlak en betrokkenheid creëren", "Building commitment and support", "L4782–4784"),
        ("expertise", "Expertise leveren", "Providing expertise", "L4784"),
        ("implementer", "Uitvoerder of leverancier", "Implementer or supplier", "§3(b) P2"),
    ])),
}

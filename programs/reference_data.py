"""The real DATAide program as the sources describe it: loaded by a data migration, so every
database has it after `migrate` (not only demo databases). Staff change it afterwards in the admin;
loading never overwrites what exists.

Assumptions the sources leave open (documented in the README, editable by staff):
- the accélération and innovation maxima and the three budget envelopes, chosen so that the
  grants fit inside the 5.4 M$ with room for the training, the lab and operations;
- the application windows over the three program years;
- the initial selection criteria and their level descriptors.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

REGIONS = [
    ("01", "Bas-Saint-Laurent"),
    ("02", "Saguenay–Lac-Saint-Jean"),
    ("03", "Capitale-Nationale"),
    ("04", "Mauricie"),
    ("05", "Estrie"),
    ("06", "Montréal"),
    ("07", "Outaouais"),
    ("08", "Abitibi-Témiscamingue"),
    ("09", "Côte-Nord"),
    ("10", "Nord-du-Québec"),
    ("11", "Gaspésie–Îles-de-la-Madeleine"),
    ("12", "Chaudière-Appalaches"),
    ("13", "Laval"),
    ("14", "Lanaudière"),
    ("15", "Laurentides"),
    ("16", "Montérégie"),
    ("17", "Centre-du-Québec"),
]

CENTRAIDE_OFFICES = [
    ("Centraide du Grand Montréal", ["06", "13", "16"]),
    ("Centraide Québec et Chaudière-Appalaches", ["03", "12"]),
    ("Centraide Bas-Saint-Laurent", ["01"]),
    ("Centraide Saguenay–Lac-Saint-Jean", ["02"]),
    ("Centraide Mauricie", ["04"]),
    ("Centraide Estrie", ["05"]),
    ("Centraide Outaouais", ["07"]),
    ("Centraide Abitibi-Témiscamingue et Nord-du-Québec", ["08", "10"]),
    ("Centraide Côte-Nord", ["09"]),
    ("Centraide Gaspésie–Îles-de-la-Madeleine", ["11"]),
    ("Centraide Lanaudière", ["14"]),
    ("Centraide Laurentides", ["15"]),
    ("Centraide Richelieu-Yamaska", ["16"]),
    ("Centraide Sud-Ouest du Québec", ["16"]),
    ("Centraide Centre-du-Québec", ["17"]),
]

PROGRAM = {
    "code": "dataide",
    "name_fr": "DATAide",
    "name_en": "DATAide",
    "description_fr": (
        "DATAide accompagne les organismes communautaires du Québec dans leur transition numérique : "
        "un webinaire de sensibilisation ouvre l'accès aux bourses amorçage, une formation avancée "
        "de Nord Ouvert aux bourses accélération, et un laboratoire de soutien au leadership aux "
        "bourses innovation."
    ),
    "description_en": (
        "DATAide supports Québec's community organisations in their digital transition: an awareness "
        "webinar opens the seed (amorçage) grants, an advanced training by Nord Ouvert opens the "
        "acceleration grants, and a leadership lab opens the innovation grants."
    ),
    "budget": Decimal("5400000"),
    "starts_on": date(2026, 4, 1),
    "ends_on": date(2029, 3, 31),
    "reach_target": 3000,
    "operator": "Centraide du Grand Montréal",
    "funder": "Ministère du Travail, de l'Emploi et de la Solidarité sociale",
}

TIERS = [
    {
        "code": "amorcage",
        "number_prefix": "AMO",
        "position": 1,
        "name_fr": "Amorçage",
        "name_en": "Seed",
        "description_fr": (
            "Pour un besoin immédiat : matériel informatique, licences de logiciels, services. "
            "Ouvert aux organismes qui ont assisté à un webinaire de sensibilisation."
        ),
        "description_en": (
            "For an immediate need: computer equipment, software licences, services. Open to "
            "organisations that attended an awareness webinar."
        ),
        "max_amount": Decimal("5000"),
        "quota": 410,
        "budget_envelope": Decimal("2050000"),
        "gate": "webinar",
        "window_opens_on": date(2026, 4, 1),
        "window_closes_on": date(2029, 1, 31),
        "criteria": ["need", "feasibility", "budget", "benefit"],
        "weights": [30, 25, 20, 25],
    },
    {
        "code": "acceleration",
        "number_prefix": "ACC",
        "position": 2,
        "name_fr": "Accélération",
        "name_en": "Acceleration",
        "description_fr": (
            "Pour transformer les façons de faire de l'organisme. Ouvert aux organismes qui ont "
            "terminé la formation avancée de Nord Ouvert."
        ),
        "description_en": (
            "To transform how the organisation works. Open to organisations that completed Nord "
            "Ouvert's advanced training."
        ),
        "max_amount": Decimal("20000"),
        "quota": 93,
        "budget_envelope": Decimal("1860000"),
        "gate": "nord_ouvert",
        "window_opens_on": date(2026, 9, 1),
        "window_closes_on": date(2029, 1, 31),
        "criteria": ["need", "feasibility", "budget", "data_governance", "benefit"],
        "weights": [20, 20, 15, 20, 25],
    },
    {
        "code": "innovation",
        "number_prefix": "INN",
        "position": 3,
        "name_fr": "Innovation",
        "name_en": "Innovation",
        "description_fr": (
            "Pour des projets qui changent les choses à l'échelle d'un réseau ou d'un milieu. Ouvert "
            "aux organismes dont une personne a terminé le laboratoire de soutien au leadership."
        ),
        "description_en": (
            "For projects that bring change at the scale of a network or a community. Open to "
            "organisations one of whose people completed the leadership lab."
        ),
        "max_amount": Decimal("75000"),
        "quota": 7,
        "budget_envelope": Decimal("525000"),
        "gate": "leadership_lab",
        "window_opens_on": date(2026, 10, 1),
        "window_closes_on": date(2029, 1, 31),
        "criteria": ["network_reach", "partnerships", "feasibility", "budget", "data_governance", "benefit"],
        "weights": [25, 15, 15, 15, 15, 15],
    },
]

# Each criterion: (label_fr, label_en, description_fr, description_en, six levels 0..5 as (fr, en)).
CRITERIA = {
    "need": (
        "Besoin et mission",
        "Need and mission",
        "Le besoin numérique est clairement décrit et le projet sert la mission de l'organisme.",
        "The digital need is clearly described and the project serves the organisation's mission.",
        [
            ("Aucun besoin n'est décrit.", "No need is described."),
            ("Le besoin est vague et sans lien avec la mission.", "The need is vague and unrelated to the mission."),
            ("Le besoin est nommé, mais son lien avec la mission reste flou.", "The need is named, but its link to the mission is unclear."),
            ("Le besoin est clair et sert la mission.", "The need is clear and serves the mission."),
            ("Le besoin est clair, documenté et sert directement la mission.", "The need is clear, documented and directly serves the mission."),
            ("Le besoin est prioritaire, documenté et essentiel à la mission.", "The need is a priority, documented and essential to the mission."),
        ],
    ),
    "feasibility": (
        "Faisabilité",
        "Feasibility",
        "Le plan et l'échéancier sont réalistes et l'organisme a la capacité de mener le projet.",
        "The plan and timeline are realistic and the organisation can carry out the project.",
        [
            ("Aucun plan n'est présenté.", "No plan is presented."),
            ("Le plan est irréaliste.", "The plan is unrealistic."),
            ("Le plan comporte des lacunes importantes.", "The plan has significant gaps."),
            ("Le plan est réaliste dans l'ensemble.", "The plan is broadly realistic."),
            ("Le plan est réaliste, avec des étapes et des responsables.", "The plan is realistic, with steps and people in charge."),
            ("Le plan est réaliste, détaillé et tient compte des risques.", "The plan is realistic, detailed and addresses risks."),
        ],
    ),
    "budget": (
        "Budget réaliste",
        "Realistic budget",
        "Les dépenses sont justifiées, cohérentes avec le projet et appuyées par des soumissions.",
        "Expenses are justified, consistent with the project and supported by quotes.",
        [
            ("Aucun budget n'est présenté.", "No budget is presented."),
            ("Le budget est incohérent avec le projet.", "The budget is inconsistent with the project."),
            ("Plusieurs dépenses ne sont pas justifiées.", "Several expenses are not justified."),
            ("Le budget est cohérent; quelques dépenses restent à justifier.", "The budget is consistent; a few expenses need justification."),
            ("Le budget est cohérent et justifié.", "The budget is consistent and justified."),
            ("Le budget est cohérent, justifié et appuyé par des soumissions.", "The budget is consistent, justified and backed by quotes."),
        ],
    ),
    "benefit": (
        "Bénéfices pour les personnes desservies",
        "Benefit for the people served",
        "Le projet améliore concrètement les services offerts aux personnes que l'organisme accompagne.",
        "The project concretely improves the services offered to the people the organisation serves.",
        [
            ("Aucun bénéfice n'est décrit.", "No benefit is described."),
            ("Les bénéfices sont très incertains.", "The benefits are very uncertain."),
            ("Les bénéfices sont indirects ou limités.", "The benefits are indirect or limited."),
            ("Des bénéfices concrets sont attendus.", "Concrete benefits are expected."),
            ("Des bénéfices concrets et durables sont attendus.", "Concrete and lasting benefits are expected."),
            ("Des bénéfices importants, durables et décrits par les personnes concernées.", "Significant, lasting benefits, described with the people concerned."),
        ],
    ),
    "data_governance": (
        "Gouvernance des données et confidentialité",
        "Data governance and privacy",
        "Le projet protège les renseignements personnels (Loi 25) et l'organisme garde la maîtrise de ses données.",
        "The project protects personal information (Québec's Law 25) and the organisation keeps control of its data.",
        [
            ("La question n'est pas abordée.", "The question is not addressed."),
            ("Le projet expose des renseignements personnels sans mesure.", "The project exposes personal information without safeguards."),
            ("Les mesures sont minimales.", "The measures are minimal."),
            ("Les mesures de base sont prévues.", "Basic measures are planned."),
            ("Des mesures claires sont prévues, avec une personne responsable.", "Clear measures are planned, with a person in charge."),
            ("Une gouvernance complète : consentement, accès, conservation et responsable désigné.", "Complete governance: consent, access, retention and a designated person."),
        ],
    ),
    "network_reach": (
        "Portée à l'échelle d'un réseau ou d'un milieu",
        "Reach across a network or community",
        "Le projet entraîne des changements systémiques qui profitent à plusieurs organismes.",
        "The project brings systemic change that benefits several organisations.",
        [
            ("Le projet ne touche que l'organisme.", "The project only concerns the organisation."),
            ("La portée au-delà de l'organisme est hypothétique.", "Reach beyond the organisation is hypothetical."),
            ("Quelques organismes pourraient en profiter.", "A few organisations might benefit."),
            ("Plusieurs organismes en profitent.", "Several organisations benefit."),
            ("Un réseau ou un milieu en profite de façon durable.", "A network or community benefits lastingly."),
            ("Le projet change les pratiques de tout un réseau ou milieu.", "The project changes the practices of a whole network or community."),
        ],
    ),
    "partnerships": (
        "Partenariats",
        "Partnerships",
        "Les organismes partenaires sont engagés et leur rôle est défini.",
        "Partner organisations are committed and their role is defined.",
        [
            ("Aucun partenaire.", "No partner."),
            ("Des partenaires sont nommés sans engagement.", "Partners are named without commitment."),
            ("Des partenaires sont intéressés, sans rôle défini.", "Partners are interested, without a defined role."),
            ("Des partenaires sont engagés avec un rôle défini.", "Partners are committed with a defined role."),
            ("Des partenaires engagés contribuent en temps ou en ressources.", "Committed partners contribute time or resources."),
            ("Un partenariat solide, formalisé et déjà actif.", "A strong, formalised and already active partnership."),
        ],
    ),
}


def load_reference_data(apps):
    """Create the program and its reference data where missing (idempotent, never overwrites).

    Takes an app registry so the data migration can pass its historical models.
    """
    Region = apps.get_model("programs", "Region")
    CentraideOffice = apps.get_model("programs", "CentraideOffice")
    Program = apps.get_model("programs", "Program")
    GrantTier = apps.get_model("programs", "GrantTier")
    CriteriaSet = apps.get_model("programs", "CriteriaSet")
    Criterion = apps.get_model("programs", "Criterion")
    CriterionLevel = apps.get_model("programs", "CriterionLevel")

    regions = {}
    for code, name in REGIONS:
        regions[code], _ = Region.objects.get_or_create(code=code, defaults={"name": name})
    for name, region_codes in CENTRAIDE_OFFICES:
        office, created = CentraideOffice.objects.get_or_create(name=name)
        if created:
            office.regions.set([regions[code] for code in region_codes])

    program_fields = dict(PROGRAM)
    program, _ = Program.objects.get_or_create(code=program_fields.pop("code"), defaults=program_fields)

    for tier_spec in TIERS:
        tier_fields = dict(tier_spec)
        criteria_keys = tier_fields.pop("criteria")
        weights = tier_fields.pop("weights")
        tier, created = GrantTier.objects.get_or_create(
            program=program, code=tier_fields.pop("code"), defaults=tier_fields
        )
        if not created or CriteriaSet.objects.filter(tier=tier).exists():
            continue
        # Built as a draft, then published: a published set is frozen (programs.models).
        criteria_set = CriteriaSet.objects.create(tier=tier, version=1, notes="Grille initiale proposée.")
        for position, (key, weight) in enumerate(zip(criteria_keys, weights, strict=False), start=1):
            label_fr, label_en, description_fr, description_en, levels = CRITERIA[key]
            criterion = Criterion.objects.create(
                criteria_set=criteria_set,
                position=position,
                label_fr=label_fr,
                label_en=label_en,
                description_fr=description_fr,
                description_en=description_en,
                weight=Decimal(weight),
            )
            CriterionLevel.objects.bulk_create(
                CriterionLevel(criterion=criterion, score=score, descriptor_fr=fr, descriptor_en=en)
                for score, (fr, en) in enumerate(levels)
            )
        CriteriaSet.objects.filter(pk=criteria_set.pk).update(published_at=timezone.now())

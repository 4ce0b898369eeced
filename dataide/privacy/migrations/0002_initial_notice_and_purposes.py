"""The first privacy notice, the officer placeholder and the optional purposes the program offers.
Staff edit them afterwards (the officer and notice through audited services)."""

from django.db import migrations

NOTICE_FR = """Centraide du Grand Montréal administre le programme DATAide. Nous recueillons les renseignements nécessaires pour traiter les demandes de bourse, offrir les formations et rendre compte du programme au ministère, et rien de plus.

Les tableaux ci-dessous disent, catégorie par catégorie, ce que nous détenons, pourquoi et combien de temps. Les renseignements sont conservés au Québec par Centraide du Grand Montréal et ne sont ni vendus ni communiqués à des donateurs."""
NOTICE_EN = """Centraide of Greater Montreal runs the DATAide program. We collect the information needed to process grant applications, provide the trainings and report on the program to the ministry, and nothing more.

The tables below say, category by category, what we hold, why and for how long. The information is kept in Quebec by Centraide of Greater Montreal and is neither sold nor shared with donors."""

PURPOSES = [
    ("evaluation_contact", "Être joint pour l'évaluation du programme", "Being contacted for the program's evaluation",
     "Une personne chargée d'évaluer le programme DATAide pourra vous écrire pour un court questionnaire ou une entrevue.",
     "A person evaluating the DATAide program may write to you for a short questionnaire or an interview."),
    ("impact_reporting", "Partager volontairement des renseignements d'impact",
     "Voluntarily sharing impact information",
     "Après une bourse, nous pourrons vous inviter à partager des indicateurs de votre choix. Ce n'est jamais une condition ni un critère de décision.",
     "After a grant, we may invite you to share indicators of your choice. It is never a condition nor a decision criterion."),
    ("public_register_name", "Figurer par votre nom au registre public des bourses",
     "Appearing by name in the public register of grants",
     "Le registre public nomme l'organisme bénéficiaire ; votre nom n'y paraît que si vous y consentez.",
     "The public register names the recipient organisme; your name appears only if you consent."),
]


def forward(apps, schema_editor):
    apps.get_model("privacy", "PrivacyNotice").objects.get_or_create(
        version=1, defaults={"text_fr": NOTICE_FR, "text_en": NOTICE_EN}
    )
    apps.get_model("privacy", "PrivacyOfficer").objects.get_or_create(
        pk=1, defaults={"title": "Responsable de la protection des renseignements personnels",
                        "email": "confidentialite@centraide-mtl.org"},
    )
    purpose = apps.get_model("privacy", "ConsentPurpose")
    for position, (code, label_fr, label_en, text_fr, text_en) in enumerate(PURPOSES):
        purpose.objects.get_or_create(code=code, defaults={
            "label_fr": label_fr, "label_en": label_en, "text_fr": text_fr, "text_en": text_en, "position": position,
        })


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]

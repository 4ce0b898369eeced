"""The first help pages, in French and English; staff edit them in the admin afterwards. The
guide's headings carry the anchors the form's steps link to (the steps' slugs)."""

from django.db import migrations

GUIDE_FR = """Le formulaire se remplit étape par étape ; vos réponses sont enregistrées à chaque étape et en cours de frappe. Vous pouvez vous arrêter et revenir plus tard.

## Votre besoin {#besoin}

Décrivez simplement ce qui vous manque aujourd'hui et ce que cela vous empêche de faire. Un exemple concret vaut mieux qu'un long texte : « nos ordinateurs ont dix ans et n'acceptent plus la visioconférence ».

## Votre projet {#projet}

Dites ce que vous allez acheter ou faire avec la bourse, avec qui, et quand. Les résultats attendus sont ce qui aura changé pour votre équipe ou vos participants.

## Données et pérennité {#gouvernance}

Nommez les renseignements personnels que le projet touche et comment vous les protégerez (Loi 25 : qui y a accès, où ils sont conservés). Expliquez comment le projet continuera après la bourse.

## Portée et partenaires {#partenaires}

Pour la bourse d'innovation : nommez les organismes partenaires et leur rôle, et dites en quoi le projet change les choses à l'échelle d'un réseau ou d'un milieu.

## Budget {#budget}

Une ligne par dépense, avec un montant précis. Le montant demandé est le total des lignes : vous ne le tapez pas. La bourse d'amorçage est d'au plus 5 000 $.

## Documents {#documents}

Joignez les soumissions, devis ou autres documents utiles (PDF, images, Word, Excel ou LibreOffice ; 10 Mo au plus chacun, 10 documents au plus).

## Révision et envoi

La personne responsable de l'organisme relit la demande, coche l'attestation puis la soumet. Si l'équipe DATAide vous demande un complément d'information, seules les étapes qu'elle rouvre peuvent être modifiées ; soumettez ensuite de nouveau la demande avant la date indiquée.
"""

GUIDE_EN = """The form is filled in step by step; your answers are saved at each step and as you type. You can stop and come back later.

## Your need {#besoin}

Say simply what you lack today and what it keeps you from doing. A concrete example beats a long text: “our computers are ten years old and no longer run video calls”.

## Your project {#projet}

Say what you will buy or do with the grant, with whom, and when. Expected results are what will have changed for your team or participants.

## Data and sustainability {#gouvernance}

Name the personal information the project touches and how you will protect it (Law 25: who has access, where it is kept). Explain how the project will last after the grant.

## Reach and partners {#partenaires}

For the innovation grant: name the partner organisations and their role, and say how the project changes things across a network or a community.

## Budget {#budget}

One line per expense, with a precise amount. The amount requested is the total of the lines: you do not type it. The seed grant is at most $5,000.

## Documents {#documents}

Attach quotes or other useful documents (PDF, images, Word, Excel or LibreOffice; at most 10 MB each, 10 documents at most).

## Review and submission

The organisation's responsible person reviews the application, ticks the attestation and submits it. If the DATAide team asks for more information, only the steps it reopens can be changed; then submit the application again before the date shown.
"""

FAQ = {
    "amorcage": (
        "Questions fréquentes — bourse d'amorçage", "Frequently asked questions — seed grant",
        """## Qui peut demander la bourse d'amorçage ?

Un organisme communautaire du Québec dont une personne a assisté à un webinaire de sensibilisation DATAide. Consultez le calendrier des webinaires pour vous inscrire.

## Combien puis-je demander ?

Jusqu'à 5 000 $, pour un besoin immédiat : équipement, licences de logiciels, services ou formation.

## Quand aurai-je une réponse ?

L'équipe DATAide vérifie d'abord que la demande est complète et admissible, puis un comité de sélection de votre région l'évalue selon les critères du guide. Vous suivez chaque étape sur la page de la demande.
""",
        """## Who can apply for the seed grant?

A Quebec community organisation one of whose people attended a DATAide awareness webinar. See the webinar calendar to register.

## How much can I ask for?

Up to $5,000, for an immediate need: equipment, software licences, services or training.

## When will I get an answer?

The DATAide team first checks that the application is complete and eligible, then a selection committee of your region scores it against the guide's criteria. You follow each step on the application's page.
""",
    ),
    "acceleration": (
        "Questions fréquentes — bourse d'accélération", "Frequently asked questions — acceleration grant",
        """## Qui peut demander la bourse d'accélération ?

Un organisme qui a terminé la formation avancée en transformation numérique donnée par Nord Ouvert (180 places en tout).

## Que finance-t-elle ?

Un projet de transformation numérique issu de la formation : il décrit aussi la protection des données et la pérennité du projet.
""",
        """## Who can apply for the acceleration grant?

An organisation that completed the advanced digital transformation training given by Nord Ouvert (180 places in all).

## What does it fund?

A digital transformation project that grew out of the training: it also describes data protection and how the project will last.
""",
    ),
    "innovation": (
        "Questions fréquentes — bourse d'innovation", "Frequently asked questions — innovation grant",
        """## Qui peut demander la bourse d'innovation ?

Un organisme dont une personne a terminé le laboratoire de soutien au leadership (60 places).

## Qu'est-ce qu'un projet systémique ?

Un projet qui change les choses à l'échelle d'un réseau ou d'un milieu : il nomme ses organismes partenaires et leur rôle.
""",
        """## Who can apply for the innovation grant?

An organisation one of whose people completed the leadership lab (60 places).

## What is a systemic project?

A project that changes things across a network or a community: it names its partner organisations and their role.
""",
    ),
}

GLOSSARY_FR = """## Amorçage {#amorcage}

Bourse d'au plus 5 000 $ pour un besoin numérique immédiat ; s'ouvre après un webinaire de sensibilisation.

## Attestation {#attestation}

Déclaration, cochée par la personne responsable avant l'envoi, que les renseignements de la demande sont exacts.

## Comité de sélection {#comite}

Quatre personnes (équipe DATAide, Centraide de la région, organisation spécialisée en TI, organisme communautaire) qui évaluent les demandes admissibles selon les critères du guide.

## Complément d'information {#complement}

Information que l'équipe DATAide demande pendant la vérification ; seules les étapes rouvertes peuvent être modifiées, avant la date indiquée.

## NEQ {#neq}

Numéro d'entreprise du Québec de l'organisme, à 10 chiffres.

## Volet {#volet}

Chacune des trois bourses : amorçage, accélération, innovation.
"""

GLOSSARY_EN = """## Seed (amorçage) {#amorcage}

A grant of at most $5,000 for an immediate digital need; opens after an awareness webinar.

## Attestation {#attestation}

A statement, ticked by the responsible person before submitting, that the application's information is accurate.

## Selection committee {#comite}

Four people (DATAide team, the region's Centraide, an IT organisation, a community organisation) who score eligible applications against the guide's criteria.

## More information requested {#complement}

Information the DATAide team asks for during screening; only the reopened steps can be changed, before the date shown.

## NEQ {#neq}

The organisation's 10-digit Quebec enterprise number.

## Tier (volet) {#volet}

Each of the three grants: seed, acceleration, innovation.
"""

EN_SLUGS = {"amorcage": "faq-seed", "acceleration": "faq-acceleration", "innovation": "faq-innovation"}


def seed(apps, schema_editor):
    """Idempotent (the tests run data migrations again after a flush): a page that exists is kept
    as staff left it."""
    HelpPage = apps.get_model("portal", "HelpPage")

    def create(slug, **fields):
        HelpPage.objects.get_or_create(slug=slug, defaults=fields)

    create(
        "preparer-sa-demande", slug_en="prepare-your-application", position=10,
        title_fr="Comment préparer sa demande", title_en="How to prepare your application",
        summary_fr="Ce que chaque étape du formulaire demande, et comment y répondre.",
        summary_en="What each step of the form asks, and how to answer it.",
        body_fr=GUIDE_FR, body_en=GUIDE_EN,
    )
    for position, (code, (title_fr, title_en, body_fr, body_en)) in enumerate(FAQ.items(), start=2):
        create(
            f"faq-{code}", slug_en=EN_SLUGS[code], position=position * 10,
            title_fr=title_fr, title_en=title_en, body_fr=body_fr, body_en=body_en,
        )
    create(
        "glossaire", slug_en="glossary", position=90, title_fr="Glossaire", title_en="Glossary",
        summary_fr="Les mots du programme, expliqués simplement.", summary_en="The program's words, explained simply.",
        body_fr=GLOSSARY_FR, body_en=GLOSSARY_EN,
    )


def unseed(apps, schema_editor):
    apps.get_model("portal", "HelpPage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_help_pages")]
    operations = [migrations.RunPython(seed, unseed)]

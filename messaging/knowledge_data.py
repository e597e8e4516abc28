"""The assistant's first knowledge base, in four languages (loaded by a data migration and
`seed_demo`; agents change it in the admin afterwards, and reloading never overwrites them).

Each topic: a URL name to offer, and per language a title, ways people ask (one a line)
and the answer.
"""

KNOWLEDGE = {
    "what-i-owe": {
        "link": "invoices:home",
        "en": (
            "What you owe",
            "how much do I owe\nwhat is my balance\nhow much do I have to pay\nmy debt total"
            "\nopen amount\nhow much money do I owe"
            "\nhow much do I owe in total\nmy total debt\nunpaid amount",
            "Here is what is open on the invoices you can see in MyRopo. The amount due "
            "already takes account of payments we know about.",
        ),
        "fi": (
            "Mitä olet velkaa",
            "paljonko olen velkaa\npaljonko minun pitää maksaa\nmikä on saldoni\nvelkani "
            "yhteensä\navoin summa\nkuinka paljon velkaa minulla on"
            "\npaljonko on maksamatta\nvelkojen kokonaissumma",
            "Tässä ovat MyRopossa näkyvien laskujesi avoimet summat. Maksettava summa ottaa "
            "huomioon jo tiedossamme olevat maksut.",
        ),
        "sv": (
            "Vad du är skyldig",
            "hur mycket är jag skyldig\nhur mycket ska jag betala\nvad är mitt saldo\nmin "
            "skuld totalt\nöppet belopp\nhur stor är min skuld"
            "\nhur mycket är obetalt\nmina skulder sammanlagt",
            "Här är det som är öppet på fakturorna du ser i MyRopo. Beloppet att betala tar "
            "redan hänsyn till betalningar vi känner till.",
        ),
        "nb": (
            "Hva du skylder",
            "hvor mye skylder jeg\nhvor mye må jeg betale\nhva er saldoen min\ngjelden min "
            "totalt\nåpent beløp\nhvor stor er gjelden min\nhvor mye er ubetalt\nsamlet gjeld",
            "Her er det som er åpent på fakturaene du ser i MyRopo. Beløpet å betale tar "
            "allerede hensyn til betalinger vi kjenner til.",
        ),
    },
    "due-date": {
        "link": "invoices:home",
        "en": (
            "When your invoices are due",
            "when is my invoice due\nwhat is the due date\ndeadline for payment\nby when must "
            "I pay\nlast day to pay\nwhen is my next due date\nwhen is the next payment due",
            "These are the due dates of your open invoices. Pay by the due date to avoid "
            "reminder fees and interest.",
        ),
        "fi": (
            "Milloin laskusi erääntyvät",
            "milloin laskuni eräpäivä on\nmikä on eräpäivä\nmihin mennessä minun pitää "
            "maksaa\nviimeinen maksupäivä\nerääntyykö laskuni"
            "\nmilloin on seuraava eräpäivä\nkoska lasku "
            "erääntyy",
            "Nämä ovat avointen laskujesi eräpäivät. Maksa eräpäivään mennessä, niin vältät "
            "muistutuskulut ja korot.",
        ),
        "sv": (
            "När dina fakturor förfaller",
            "när förfaller min faktura\nvilket är förfallodatum\nsista dag att betala\nnär "
            "måste jag betala senast\nförfallodag\nnär är nästa förfallodag\nnär ska räkningen "
            "vara betald",
            "Det här är förfallodagarna för dina öppna fakturor. Betala senast på "
            "förfallodagen så slipper du påminnelseavgifter och ränta.",
        ),
        "nb": (
            "Når fakturaene dine forfaller",
            "når forfaller fakturaen min\nhva er forfallsdatoen\nsiste dag å betale\nnår må "
            "jeg betale senest\nforfallsdato\nnår er neste forfall\nnår skal regningen være "
            "betalt",
            "Dette er forfallsdatoene for de åpne fakturaene dine. Betal innen forfall, så "
            "slipper du purregebyr og renter.",
        ),
    },
    "pay": {
        "link": "invoices:home",
        "en": (
            "How to pay",
            "how do I pay\ncan I pay online\npay with online bank\nbank reference number "
            "and account\nwhere do I pay the invoice\ncan I pay by card",
            "Open the invoice and choose Pay to pay in your online bank, or use the account "
            "number and the reference shown on the invoice page. Always use the reference.",
        ),
        "fi": (
            "Näin maksat",
            "miten maksan\nvoinko maksaa verkossa\nmaksa verkkopankissa\nviitenumero ja "
            "tilinumero\nmihin maksan laskun\nvoinko maksaa kortilla",
            "Avaa lasku ja valitse Maksa, niin voit maksaa verkkopankissa, tai käytä "
            "laskun sivulla näkyvää tilinumeroa ja viitettä. Käytä aina viitettä.",
        ),
        "sv": (
            "Så betalar du",
            "hur betalar jag\nkan jag betala på nätet\nbetala i internetbanken\n"
            "referensnummer och kontonummer\nvart betalar jag fakturan\nkan jag betala med kort",
            "Öppna fakturan och välj Betala för att betala i internetbanken, eller använd "
            "kontonumret och referensen på fakturasidan. Använd alltid referensen.",
        ),
        "nb": (
            "Slik betaler du",
            "hvordan betaler jeg\nkan jeg betale på nett\nbetale i nettbanken\nKID og "
            "kontonummer\nhvor betaler jeg fakturaen\nkan jeg betale med kort",
            "Åpne fakturaen og velg Betal for å betale i nettbanken, eller bruk kontonummeret "
            "og referansen (KID) på fakturasiden. Bruk alltid referansen.",
        ),
    },
    "postpone": {
        "link": "invoices:home",
        "en": (
            "Postponing a due date",
            "can I postpone the due date\nmore time to pay\nextend the due date\ndelay my "
            "payment\npay later",
            "Many invoices can be postponed once. Open the invoice and choose Postpone: you "
            "see the new date and any fee before you agree.",
        ),
        "fi": (
            "Eräpäivän siirto",
            "voinko siirtää eräpäivää\nlisää maksuaikaa\neräpäivän siirto\nmaksun "
            "lykkääminen\nmaksan myöhemmin",
            "Monen laskun eräpäivää voi siirtää kerran. Avaa lasku ja valitse Siirrä "
            "eräpäivää: näet uuden päivän ja mahdollisen kulun ennen kuin hyväksyt.",
        ),
        "sv": (
            "Skjuta upp förfallodagen",
            "kan jag skjuta upp förfallodagen\nmer tid att betala\nförlänga förfallodagen\n"
            "anstånd med betalningen\nbetala senare",
            "Många fakturor kan skjutas upp en gång. Öppna fakturan och välj Skjut upp: du "
            "ser det nya datumet och en eventuell avgift innan du godkänner.",
        ),
        "nb": (
            "Utsette forfallsdatoen",
            "kan jeg utsette forfallsdatoen\nmer tid til å betale\nforlenge forfall\n"
            "betalingsutsettelse\nbetale senere",
            "Mange fakturaer kan utsettes én gang. Åpne fakturaen og velg Utsett: du ser den "
            "nye datoen og et eventuelt gebyr før du godtar.",
        ),
    },
    "payment-plan": {
        "link": "invoices:home",
        "en": (
            "Paying in instalments",
            "can I pay in instalments\npayment plan\nsplit the payment\nmonthly payments\n"
            "pay in parts\npay a little every month",
            "You can make a payment plan for an open invoice: open the invoice, choose "
            "Payment plan, pick the number of instalments and see the total cost first.",
        ),
        "fi": (
            "Maksaminen erissä",
            "voinko maksaa erissä\nmaksusuunnitelma\nmaksuaikataulu\nkuukausierät\nosamaksu"
            "\nmaksan vähän kerrallaan joka kuukausi",
            "Voit tehdä avoimelle laskulle maksusuunnitelman: avaa lasku, valitse "
            "Maksusuunnitelma, valitse erien määrä ja näet kokonaiskulut ensin.",
        ),
        "sv": (
            "Betala i delbetalningar",
            "kan jag betala i delar\nbetalningsplan\navbetalningsplan\nmånadsbetalningar\n"
            "delbetalning\nbetala lite varje månad",
            "Du kan göra en betalningsplan för en öppen faktura: öppna fakturan, välj "
            "Betalningsplan, välj antal delbetalningar och se totalkostnaden först.",
        ),
        "nb": (
            "Betale i avdrag",
            "kan jeg betale i avdrag\nbetalingsplan\nnedbetalingsplan\nmånedlige avdrag\n"
            "delbetaling\nbetale litt hver måned",
            "Du kan lage en betalingsplan for en åpen faktura: åpne fakturaen, velg "
            "Betalingsplan, velg antall avdrag og se totalkostnaden først.",
        ),
    },
    "reminder-letter": {
        "link": "invoices:home",
        "en": (
            "What a reminder means",
            "I got a reminder\nwhat does the reminder letter mean\npayment reminder\nwhy did "
            "I get a reminder",
            "A reminder means the invoice was not paid by its due date. Pay the amount on "
            "the reminder by its new due date; it may include a reminder fee.",
        ),
        "fi": (
            "Mitä maksumuistutus tarkoittaa",
            "sain muistutuksen\nmitä maksumuistutus tarkoittaa\nmuistutuskirje\nmiksi sain "
            "muistutuksen",
            "Maksumuistutus tarkoittaa, ettei laskua maksettu eräpäivään mennessä. Maksa "
            "muistutuksen summa sen uuteen eräpäivään mennessä; siihen voi sisältyä "
            "muistutusmaksu.",
        ),
        "sv": (
            "Vad en påminnelse betyder",
            "jag fick en påminnelse\nvad betyder påminnelsen\nbetalningspåminnelse\nvarför "
            "fick jag en påminnelse",
            "En påminnelse betyder att fakturan inte betalades i tid. Betala beloppet på "
            "påminnelsen senast på dess nya förfallodag; en påminnelseavgift kan ingå.",
        ),
        "nb": (
            "Hva en purring betyr",
            "jeg fikk en purring\nhva betyr purringen\nbetalingspåminnelse\nhvorfor fikk jeg "
            "purring",
            "En purring betyr at fakturaen ikke ble betalt innen forfall. Betal beløpet på "
            "purringen innen den nye forfallsdatoen; et purregebyr kan være med.",
        ),
    },
    "collection-letter": {
        "link": "invoices:home",
        "en": (
            "What a collection letter means",
            "I got a debt collection letter\nwhat does collection mean\nmy invoice went to "
            "debt collection\ninkasso letter",
            "A collection letter means the creditor has handed the unpaid invoice to debt "
            "collection. Pay it or make a payment plan soon to avoid further costs and "
            "legal collection.",
        ),
        "fi": (
            "Mitä perintäkirje tarkoittaa",
            "sain perintäkirjeen\nmitä perintä tarkoittaa\nlaskuni meni perintään\n"
            "perintätoimisto kirje",
            "Perintäkirje tarkoittaa, että velkoja on antanut maksamattoman laskun perintään. "
            "Maksa se tai tee maksusuunnitelma pian, niin vältät lisäkulut ja oikeudellisen "
            "perinnän.",
        ),
        "sv": (
            "Vad ett inkassobrev betyder",
            "jag fick ett inkassobrev\nvad betyder inkasso\nmin faktura gick till inkasso\n"
            "inkassokrav",
            "Ett inkassobrev betyder att borgenären har lämnat den obetalda fakturan till "
            "inkasso. Betala eller gör en betalningsplan snart för att undvika fler kostnader "
            "och rättslig indrivning.",
        ),
        "nb": (
            "Hva et inkassobrev betyr",
            "jeg fikk et inkassobrev\nhva betyr inkasso\nfakturaen min gikk til inkasso\n"
            "inkassovarsel",
            "Et inkassobrev betyr at kreditor har gitt den ubetalte fakturaen til inkasso. "
            "Betal eller lag en betalingsplan snart for å unngå flere kostnader og rettslig "
            "inndriving.",
        ),
    },
    "dispute": {
        "link": "invoices:home",
        "en": (
            "If you disagree with a claim",
            "I disagree with the invoice\nthe invoice is wrong\ndispute a claim\ncomplain "
            "about the invoice\nthis is not my invoice\nI never ordered this",
            "If the claim is wrong, open the invoice and choose Dispute, and tell us why. "
            "Collection of a disputed amount waits while the creditor checks it.",
        ),
        "fi": (
            "Jos olet eri mieltä vaatimuksesta",
            "olen eri mieltä laskusta\nlasku on väärin\nriitauta vaatimus\nreklamaatio "
            "laskusta\ntämä ei ole minun laskuni\nen ole tilannut tätä",
            "Jos vaatimus on väärä, avaa lasku, valitse Riitauta ja kerro miksi. Riitautetun "
            "summan perintä odottaa, kun velkoja tarkistaa asian.",
        ),
        "sv": (
            "Om du inte håller med om ett krav",
            "jag håller inte med om fakturan\nfakturan är fel\nbestrida ett krav\n"
            "reklamera fakturan\ndet här är inte min faktura\njag har aldrig beställt det här",
            "Om kravet är fel, öppna fakturan, välj Bestrid och berätta varför. Indrivningen "
            "av ett bestritt belopp väntar medan borgenären kontrollerar det.",
        ),
        "nb": (
            "Hvis du er uenig i et krav",
            "jeg er uenig i fakturaen\nfakturaen er feil\nbestride et krav\nklage på "
            "fakturaen\ndette er ikke min faktura\njeg har aldri bestilt dette",
            "Hvis kravet er feil, åpne fakturaen, velg Bestrid og fortell hvorfor. "
            "Inndrivingen av et bestridt beløp venter mens kreditor sjekker det.",
        ),
    },
    "already-paid": {
        "link": "messaging:new",
        "en": (
            "If you have already paid",
            "I have already paid this\nI paid it already\nI paid at my bank but the invoice "
            "is still open\npaid to the creditor directly\nmy payment does not show",
            "A payment in your online bank with the reference reaches us in one to three "
            "banking days. If you paid elsewhere or without the reference, write to customer "
            "service about the invoice: say when, how much and where you paid, and attach the "
            "receipt if you have one. We check it and update the invoice.",
        ),
        "fi": (
            "Jos olet jo maksanut",
            "olen jo maksanut tämän\nmaksoin jo\nmaksoin pankissa mutta lasku on yhä auki\n"
            "maksoin suoraan velkojalle\nmaksuni ei näy",
            "Verkkopankissa viitteellä maksettu maksu tulee meille yhdessä–kolmessa "
            "pankkipäivässä. Jos maksoit muualla tai ilman viitettä, kirjoita asiakaspalveluun "
            "laskusta: kerro milloin, kuinka paljon ja minne maksoit, ja liitä kuitti, jos "
            "sinulla on se. Tarkistamme maksun ja päivitämme laskun.",
        ),
        "sv": (
            "Om du redan har betalat",
            "jag har redan betalat\njag betalade redan\njag betalade i banken men fakturan är "
            "fortfarande öppen\nbetalade direkt till borgenären\nmin betalning syns inte",
            "En betalning i internetbanken med referensen når oss inom en till tre bankdagar. "
            "Om du betalade någon annanstans eller utan referens, skriv till kundtjänst om "
            "fakturan: berätta när, hur mycket och var du betalade, och bifoga kvittot om du "
            "har det. Vi kontrollerar det och uppdaterar fakturan.",
        ),
        "nb": (
            "Hvis du allerede har betalt",
            "jeg har allerede betalt\njeg betalte allerede\njeg betalte i banken men fakturaen "
            "er fortsatt åpen\nbetalte direkte til kreditor\nbetalingen min vises ikke",
            "En betaling i nettbanken med KID kommer fram til oss innen én til tre bankdager. "
            "Hvis du betalte et annet sted eller uten KID, skriv til kundeservice om fakturaen: "
            "fortell når, hvor mye og hvor du betalte, og legg ved kvitteringen hvis du har "
            "den. Vi sjekker det og oppdaterer fakturaen.",
        ),
    },
    "authorize": {
        "link": "invoices:home",
        "en": (
            "Letting someone else handle an invoice",
            "can someone else handle my invoice\nauthorize a relative\ngive access to my "
            "accountant\npower of attorney",
            "Open the invoice and choose Authorize someone: the person accepts with their own "
            "bank ID and sees only that invoice, until the date you choose.",
        ),
        "fi": (
            "Toisen valtuuttaminen hoitamaan laskua",
            "voiko joku muu hoitaa laskuni\nvaltuuta omainen\nanna pääsy kirjanpitäjälle\n"
            "valtakirja",
            "Avaa lasku ja valitse Valtuuta joku: henkilö hyväksyy omilla "
            "pankkitunnuksillaan ja näkee vain sen laskun valitsemaasi päivään asti.",
        ),
        "sv": (
            "Låta någon annan sköta en faktura",
            "kan någon annan sköta min faktura\nge behörighet till en anhörig\nge min "
            "revisor tillgång\nfullmakt",
            "Öppna fakturan och välj Ge någon behörighet: personen godkänner med sitt eget "
            "bank-id och ser bara den fakturan, fram till datumet du väljer.",
        ),
        "nb": (
            "La noen andre håndtere en faktura",
            "kan noen andre håndtere fakturaen min\ngi tilgang til en pårørende\ngi "
            "regnskapsføreren tilgang\nfullmakt",
            "Åpne fakturaen og velg Gi noen fullmakt: personen godtar med sin egen BankID og "
            "ser bare den fakturaen, frem til datoen du velger.",
        ),
    },
    "login": {
        "link": "account_login",
        "en": (
            "Logging in",
            "how do I log in\nI cannot log in\nlog in without bank id\nlogin code by e-mail"
            "\npasskey\nI forgot my password",
            "Log in with your bank ID the first time. After that you can log in with a "
            "passkey or a one-time code sent to your e-mail address.",
        ),
        "fi": (
            "Kirjautuminen",
            "miten kirjaudun\nen pääse kirjautumaan\nkirjautuminen ilman pankkitunnuksia\n"
            "kirjautumiskoodi sähköpostiin\npääsyavain\nunohdin salasanan",
            "Kirjaudu ensimmäisellä kerralla pankkitunnuksilla. Sen jälkeen voit kirjautua "
            "pääsyavaimella tai sähköpostiisi lähetetyllä kertakäyttökoodilla.",
        ),
        "sv": (
            "Logga in",
            "hur loggar jag in\njag kan inte logga in\nlogga in utan bank-id\ninloggningskod "
            "via e-post\nnyckel\njag har glömt lösenordet",
            "Logga in med bank-id första gången. Därefter kan du logga in med en nyckel "
            "(passkey) eller en engångskod som skickas till din e-post.",
        ),
        "nb": (
            "Logge inn",
            "hvordan logger jeg inn\njeg får ikke logget inn\nlogge inn uten bankid\n"
            "innloggingskode på e-post\npasskey\njeg har glemt passordet",
            "Logg inn med BankID første gang. Etter det kan du logge inn med en passnøkkel "
            "eller en engangskode sendt til e-posten din.",
        ),
    },
    "contact": {
        "link": "messaging:new",
        "en": (
            "Talking to a person",
            "I want to talk to a person\ncontact customer service\nspeak to an agent\nphone "
            "number of customer service\nopening hours",
            "Write to customer service from the message center; we answer on weekdays and "
            "you get an e-mail when the answer is waiting. During service hours you can "
            "also chat.",
        ),
        "fi": (
            "Asiakaspalvelun tavoittaminen",
            "haluan puhua ihmisen kanssa\nota yhteyttä asiakaspalveluun\nasiakaspalvelijan "
            "kanssa\nasiakaspalvelun puhelinnumero\naukioloajat",
            "Kirjoita asiakaspalveluun viestikeskuksessa; vastaamme arkipäivisin ja saat "
            "sähköpostin, kun vastaus odottaa. Palveluaikana voit myös chattailla.",
        ),
        "sv": (
            "Tala med en person",
            "jag vill prata med en människa\nkontakta kundtjänst\nprata med en handläggare\n"
            "kundtjänstens telefonnummer\nöppettider",
            "Skriv till kundtjänst i meddelandecentret; vi svarar vardagar och du får ett "
            "e-postmeddelande när svaret väntar. Under öppettiderna kan du också chatta.",
        ),
        "nb": (
            "Snakke med en person",
            "jeg vil snakke med et menneske\nkontakte kundeservice\nsnakke med en "
            "saksbehandler\nkundeservice telefonnummer\nåpningstider",
            "Skriv til kundeservice i meldingssenteret; vi svarer på hverdager, og du får en "
            "e-post når svaret venter. I åpningstiden kan du også chatte.",
        ),
    },
    "refund": {
        "link": "invoices:home",
        "en": (
            "Getting money back",
            "I paid too much\nrefund\noverpayment\nhow do I get my money back\npaid twice",
            "If you paid too much, give your bank account for the refund on the invoice "
            "page; the refund is paid once the payment is confirmed.",
        ),
        "fi": (
            "Rahojen palautus",
            "maksoin liikaa\npalautus\nliikasuoritus\nmiten saan rahani takaisin\nmaksoin kahdesti",
            "Jos maksoit liikaa, anna palautusta varten tilinumerosi laskun sivulla; "
            "palautus maksetaan, kun maksu on vahvistettu.",
        ),
        "sv": (
            "Få tillbaka pengar",
            "jag betalade för mycket\nåterbetalning\növerbetalning\nhur får jag tillbaka mina "
            "pengar\nbetalade två gånger",
            "Om du betalade för mycket, ange ditt bankkonto för återbetalningen på "
            "fakturasidan; pengarna betalas ut när betalningen är bekräftad.",
        ),
        "nb": (
            "Få penger tilbake",
            "jeg betalte for mye\ntilbakebetaling\noverbetaling\nhvordan får jeg pengene "
            "tilbake\nbetalte to ganger",
            "Hvis du betalte for mye, oppgi bankkontoen din for tilbakebetalingen på "
            "fakturasiden; pengene utbetales når betalingen er bekreftet.",
        ),
    },
    "fees": {
        "link": "invoices:home",
        "en": (
            "Fees and interest",
            "why are there fees\nwhy is the amount bigger\ninterest on late payment\n"
            "collection costs\nwhat are these charges",
            "A late invoice gathers late-payment interest and, within the limits set by law, "
            "reminder and collection fees. The invoice page shows what the amount is made of.",
        ),
        "fi": (
            "Kulut ja korot",
            "miksi laskussa on kuluja\nmiksi summa on suurempi\nviivästyskorko\n"
            "perintäkulut\nmitä nämä maksut ovat",
            "Myöhässä olevalle laskulle kertyy viivästyskorkoa sekä lain rajoissa "
            "muistutus- ja perintäkuluja. Laskun sivulla näet, mistä summa koostuu.",
        ),
        "sv": (
            "Avgifter och ränta",
            "varför finns det avgifter\nvarför är beloppet högre\ndröjsmålsränta\n"
            "inkassokostnader\nvad är dessa kostnader",
            "En sen faktura drar dröjsmålsränta och, inom lagens gränser, påminnelse- och "
            "inkassoavgifter. Fakturasidan visar vad beloppet består av.",
        ),
        "nb": (
            "Gebyrer og renter",
            "hvorfor er det gebyrer\nhvorfor er beløpet høyere\nforsinkelsesrente\n"
            "inkassokostnader\nhva er disse kostnadene",
            "En forsinket faktura får forsinkelsesrente og, innenfor lovens grenser, purre- "
            "og inkassogebyrer. Fakturasiden viser hva beløpet består av.",
        ),
    },
    "letter-access": {
        "link": "accounts:letter_access",
        "en": (
            "Opening an invoice from a letter",
            "open an invoice with the MyRopo ID\nI have a letter but no bank ID\nwhere is "
            "the MyRopo ID\naccess with the letter",
            "You can open one invoice without logging in: enter the MyRopo ID printed on "
            "the letter and your postal code or the reference.",
        ),
        "fi": (
            "Laskun avaaminen kirjeestä",
            "avaa lasku MyRopo-tunnuksella\nminulla on kirje mutta ei pankkitunnuksia\n"
            "missä MyRopo-tunnus on\npääsy kirjeellä",
            "Voit avata yhden laskun kirjautumatta: anna kirjeeseen painettu MyRopo-tunnus "
            "ja postinumerosi tai viite.",
        ),
        "sv": (
            "Öppna en faktura från ett brev",
            "öppna en faktura med MyRopo-id\njag har ett brev men inget bank-id\nvar står "
            "MyRopo-id\nåtkomst med brevet",
            "Du kan öppna en faktura utan att logga in: ange MyRopo-id som står på brevet "
            "och ditt postnummer eller referensen.",
        ),
        "nb": (
            "Åpne en faktura fra et brev",
            "åpne en faktura med MyRopo-id\njeg har et brev men ikke bankid\nhvor står "
            "MyRopo-id\ntilgang med brevet",
            "Du kan åpne én faktura uten å logge inn: skriv inn MyRopo-id som står på brevet "
            "og postnummeret ditt eller referansen.",
        ),
    },
}

REPLY_TEMPLATES = {
    "en": [
        (
            "Thanks, we are looking into it",
            "Hello,\n\nThank you for your message. We are "
            "looking into it and will answer within two working days.\n\nBest regards,\n"
            "MyRopo customer service",
        ),
        (
            "Payment received",
            "Hello,\n\nWe have received your payment and the invoice is "
            "now settled. Thank you.\n\nBest regards,\nMyRopo customer service",
        ),
    ],
    "fi": [
        (
            "Kiitos, selvitämme asiaa",
            "Hei,\n\nKiitos viestistäsi. Selvitämme asiaa ja "
            "vastaamme kahden arkipäivän kuluessa.\n\nYstävällisin terveisin\n"
            "MyRopo-asiakaspalvelu",
        ),
        (
            "Maksu vastaanotettu",
            "Hei,\n\nOlemme vastaanottaneet maksusi ja lasku on nyt "
            "maksettu. Kiitos.\n\nYstävällisin terveisin\nMyRopo-asiakaspalvelu",
        ),
    ],
    "sv": [
        (
            "Tack, vi undersöker saken",
            "Hej,\n\nTack för ditt meddelande. Vi undersöker saken "
            "och svarar inom två arbetsdagar.\n\nVänliga hälsningar\nMyRopo kundtjänst",
        ),
        (
            "Betalningen mottagen",
            "Hej,\n\nVi har tagit emot din betalning och fakturan är nu "
            "betald. Tack.\n\nVänliga hälsningar\nMyRopo kundtjänst",
        ),
    ],
    "nb": [
        (
            "Takk, vi ser på saken",
            "Hei,\n\nTakk for meldingen din. Vi ser på saken og svarer "
            "innen to virkedager.\n\nVennlig hilsen\nMyRopo kundeservice",
        ),
        (
            "Betalingen er mottatt",
            "Hei,\n\nVi har mottatt betalingen din, og fakturaen er nå "
            "betalt. Takk.\n\nVennlig hilsen\nMyRopo kundeservice",
        ),
    ],
}

# Everyday words and the knowledge base's words they stand for, per language (loaded once;
# agents add and change them in the admin). An empty meaning: the word is ignored.
SYNONYMS = {
    "en": [
        ("bill", "invoice"),
        ("bills", "invoice"),
        ("owed", "owe"),
        ("debts", "debt"),
        ("altogether", "total"),
        ("overall", "total"),
        ("sum", "total"),
        ("extension", "postpone due date"),
        ("later", "postpone"),
        ("installments", "instalments"),
        ("installment", "instalments"),
        ("afford", "instalments"),
        ("collector", "collection"),
        ("collectors", "collection"),
        ("agency", "collection"),
        ("human", "person"),
        ("someone", "person"),
        ("login", "log in"),
        ("signin", "log in"),
        ("sign", "log"),
        ("password", "log in"),
        ("mom", "relative"),
        ("dad", "relative"),
        ("wife", "relative"),
        ("husband", "relative"),
        ("son", "relative"),
        ("daughter", "relative"),
        ("overcharged", "paid too much"),
        ("mistake", "wrong"),
        ("isnt", "not"),
        ("charge", "fees"),
        ("charges", "fees"),
        ("reference", "reference pay"),
        ("please", ""),
        ("hi", ""),
        ("hello", ""),
    ],
    "fi": [
        ("mulla", "minulla"),
        ("mun", "minun"),
        ("maksamatta", "velkaa avoin"),
        ("velat", "velkani"),
        ("kaikkiaan", "yhteensä"),
        ("lisäaika", "maksuaikaa siirto"),
        ("lisäaikaa", "maksuaikaa siirto"),
        ("myöhemmin", "siirto"),
        ("osissa", "erissä"),
        ("osiin", "erissä"),
        ("pätkissä", "erissä"),
        ("koska", "milloin"),
        ("mihin aikaan", "milloin"),
        ("perijä", "perintä"),
        ("perintäfirma", "perintätoimisto"),
        ("ihminen", "ihmisen"),
        ("ihmisen", "asiakaspalvelu"),
        ("oikea", "ihmisen"),
        ("jutella", "puhua"),
        ("soittaa", "puhelinnumero"),
        ("kirjaudu", "kirjautuminen"),
        ("kirjautua", "kirjautuminen"),
        ("kirjaudutaan", "kirjautuminen"),
        ("tunnukset", "pankkitunnuksia"),
        ("vaimo", "omainen"),
        ("mies", "omainen"),
        ("äiti", "omainen"),
        ("isä", "omainen"),
        ("poika", "omainen"),
        ("tytär", "omainen"),
        ("puoliso", "omainen"),
        ("oikeuden", "valtuuta"),
        ("tilannu", "tilannut"),
        ("virhe", "väärin"),
        ("vahingossa", "kahdesti"),
        ("kertaa", "kahdesti"),
        ("kulu", "kulut"),
        ("miks", "miksi"),
        ("tän", "tämän"),
        ("oo", "ole"),
        ("kiitos", ""),
        ("moi", ""),
        ("hei", ""),
    ],
    "sv": [
        ("räkning", "faktura"),
        ("räkningen", "faktura"),
        ("räkningar", "faktura"),
        ("sammanlagt", "totalt"),
        ("allt som allt", "totalt"),
        ("skulder", "skuld"),
        ("obetalt", "skuld"),
        ("anstånd", "skjuta upp förfallodagen"),
        ("senare", "skjuta upp"),
        ("dela upp", "delbetalning"),
        ("avbetala", "delbetalning"),
        ("inkassobolag", "inkasso"),
        ("människa", "kundtjänst"),
        ("person", "kundtjänst"),
        ("ringa", "telefonnummer"),
        ("konto", "logga in"),
        ("lösenord", "logga in"),
        ("fru", "anhörig"),
        ("man", "anhörig"),
        ("mamma", "anhörig"),
        ("pappa", "anhörig"),
        ("son", "anhörig"),
        ("dotter", "anhörig"),
        ("stämmer inte", "fel"),
        ("dubbelt", "två gånger"),
        ("tack", ""),
        ("hej", ""),
    ],
    "nb": [
        ("regning", "faktura"),
        ("regningen", "faktura"),
        ("regningene", "faktura"),
        ("til sammen", "totalt"),
        ("tilsammen", "totalt"),
        ("samlet", "totalt"),
        ("ubetalt", "gjeld"),
        ("utsatt", "utsette"),
        ("senere", "utsette"),
        ("dele opp", "avdrag"),
        ("inkassobyrå", "inkasso"),
        ("menneske", "kundeservice"),
        ("person", "kundeservice"),
        ("ringe", "telefonnummer"),
        ("logga", "logge"),
        ("passord", "logge inn"),
        ("kona", "pårørende"),
        ("mannen", "pårørende"),
        ("mor", "pårørende"),
        ("far", "pårørende"),
        ("sønn", "pårørende"),
        ("datter", "pårørende"),
        ("ordne", "håndtere"),
        ("ikke min", "feil"),
        ("dobbelt", "to ganger"),
        ("takk", ""),
        ("hei", ""),
    ],
}

# Kliendisuhte lõpetamine: lahkumiskiri (offb-letter-*), kuupäevad ja summad, töötajate lehed (offb-*)
# ning kliendi oma leht (offb-public-*).

## Kuupäevad ja summad kirjades ning kliendi lehel

offb-date = { $day }. { $month } { $year }
offb-month-1 = jaanuar
offb-month-2 = veebruar
offb-month-3 = märts
offb-month-4 = aprill
offb-month-5 = mai
offb-month-6 = juuni
offb-month-7 = juuli
offb-month-8 = august
offb-month-9 = september
offb-month-10 = oktoober
offb-month-11 = november
offb-month-12 = detsember
offb-decimal-mark = ,
offb-money = { $amount } { $currency }

## Lahkumiskiri

offb-letter-subject = Teie konto ettevõttes { $company }: meie otsus ja edasised sammud
offb-letter-greeting = Lugupeetud { $name }!
offb-letter-thanks = Täname, et valisite ettevõtte { $company } ja usaldasite meid. Oleme tänulikud aja eest, mil saime teiega koostööd teha, ning teie kannatlikkuse eest ka siis, kui kõik ei läinud plaanipäraselt. Nagu vestluses juba rääkisime, soovime nüüd ka kirjalikult kinnitada, milleni jõudsime ja mis edasi saab.

offb-letter-situations = Peame silmas eelkõige järgmisi olukordi:
offb-letter-framing-trivial-complaints = Viimastele kuudele tagasi vaadates näeme, et me pole korduvalt suutnud teie ootustele vastata.
offb-letter-framing-trivial-complaints-after = Püüdsime iga kord olukorda parandada, kuid on selge, et me ei suuda pakkuda sellist kogemust, mida te ootate.
offb-letter-framing-staff-abuse = Mitu hiljutist vestlust teie ja meie meeskonna vahel on kujunenud kõigile osapooltele keeruliseks.
offb-letter-framing-staff-abuse-after = Me ei usu, et suudame pakkuda teile sellist koostööd, mida väärite, ning leiame, et lahku minna on mõlemale poolele õiglasem.
offb-letter-framing-no-more-business = Aja jooksul on teie vajadused liikunud suunas, mida meie teenus ei kata.
offb-letter-framing-no-more-business-after = Usume, et me ei ole enam teie jaoks õige partner teel, mida mööda te edasi liigute.
offb-letter-framing-no-referrals = Oleme oma koostööd põhjalikult hinnanud ja jõudnud järeldusele, et meie teenus ei vasta enam teie vajadustele.
offb-letter-framing-no-referrals-after = Ütleme selle pigem ausalt välja, kui laseme teenusel märkamatult halveneda.
offb-letter-framing-unprofitable = Oleme teile osutatava teenuse üle vaadanud ega suuda seda enam pakkuda tingimustel, mis sobiksid mõlemale poolele.
offb-letter-framing-unprofitable-after = Selle asemel et teenuse kvaliteedis järeleandmisi teha, otsustasime teenuse korrektselt ja plaanipäraselt lõpetada.
offb-letter-framing-unethical-requests = Mõned teie palved jäävad väljapoole seda, mida meie põhimõtted ja seadus lubavad meil teha.
offb-letter-framing-unethical-requests-after = Mõistame, et see pole vastus, mida lootsite, kuid me ei saa seda muuta.
offb-letter-framing-mission-fit = Meie ettevõte muudab oma fookust ning teenus, mida te meilt kasutate, ei sobi enam meie edasise suunaga.
offb-letter-framing-mission-fit-after = See otsus puudutab meie enda suunda, mitte teid.
offb-letter-framing-policy-change = Meie põhimõtete muutumise tõttu ei saa me teie teenust senisel kujul enam jätkata.
offb-letter-framing-policy-change-after = Oleme allpool toodud sammud kavandanud nii, et muutus oleks teie jaoks võimalikult sujuv.
offb-letter-framing-compliance = Seadusest ja regulatsioonidest tulenevad kohustused nõuavad, et lõpetaksime selle teenussuhte.
offb-letter-framing-compliance-after = Oleme kohustatud nii toimima ning oleme allpool toodud sammud hoolikalt läbi mõelnud.
offb-letter-framing-product-sunset = Lõpetame toote, mida kasutate, ja see ei ole edaspidi enam saadaval.
offb-letter-framing-product-sunset-after = Oleme allpool toodud sammud kavandanud nii, et midagi ei läheks kaduma.
offb-letter-framing-customer-request = Andsite meile teada, et soovite oma konto sulgeda, ja me austame teie otsust.
offb-letter-framing-customer-request-after = Oleme kõik need juhtumid kirja pannud ja need aitavad meil paremaks saada.
offb-letter-framing-other = Pärast hoolikat kaalumist oleme otsustanud teile teenuse osutamise lõpetada.
offb-letter-framing-other-after = See ei olnud meile kerge otsus.

offb-letter-goodwill-refund = Hea tahte märgiks tagastame täies ulatuses teie viimase arve summas { $amount }. Te ei peaks maksma kogemuse eest, mis ei vastanud teie ootustele. Raha kantakse tagasi samale maksevahendile, millega tasusite; teil ei ole vaja midagi teha.
offb-letter-goodwill-none = Kui teenuse lõppedes on teie kontol veel midagi lahtist, lahendame selle õiglaselt ja võimaluse korral teie kasuks ning anname teile täpselt teada, kuidas.

offb-letter-apology = Tahaksime uskuda, et meie teenus sobib kõigile, kuid teie puhul see nii ei olnud, ja meil on sellest siiralt kahju. Vabandame ka ebamugavuste pärast, mida see muudatus teile põhjustab.

offb-letter-alternatives-intro = Et te ei jääks teenuseta, võiksite tutvuda järgmiste teenusepakkujatega – mõni neist võib teile hästi sobida:
offb-letter-alternatives-outro = Soovi korral teeme teie uue teenusepakkujaga hea meelega koostööd, et üleminek oleks lihtne. Soovime teile palju edu!
offb-letter-alternatives-none = Kui soovite soovitusi mõne teise teenusepakkuja kohta, vastake lihtsalt sellele kirjale – aitame teid üleminekul hea meelega. Soovime teile palju edu!

offb-letter-next = Mis edasi saab:
offb-letter-service-end = teie teenus jätkub kuni kuupäevani { $date };
offb-letter-support-end = meie klienditugi aitab teid kuni kuupäevani { $date };
offb-letter-export = oma andmete täieliku koopia saate alla laadida kuni kuupäevani { $date };
offb-letter-deletion = kuupäeval { $date } kustutame teie isikuandmed, välja arvatud need, mida seadus kohustab meid säilitama.
offb-letter-page = Oma isiklikul lehel saate seda teadet uuesti lugeda, oma andmed alla laadida ja meile öelda, mida oleksime võinud paremini teha: { $link }

offb-letter-closing = Parimate soovidega
    { $sender }
    { $company }

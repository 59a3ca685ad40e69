"""The corpus of typed answers: (rule, card, typed, verdict) for every rule of `core.answers`.

Each card is (expected, accepted, kind, others); each row is a rule's name, a card, what a
student typed and the verdict a fair teacher would give. The rules are documented in
`studykit/core/answers.py` and `studykit/core/name_answers.py`; rows are grouped by them.
"""

from __future__ import annotations

from dataclasses import dataclass

from studykit.core.answers import AnswerKind, Verdict

K = AnswerKind
C, N, P, W, U = Verdict.CORRECT, Verdict.NEAR, Verdict.PARTLY, Verdict.WRONG, Verdict.UNJUDGED


@dataclass(frozen=True)
class Card:
    expected: str
    accepted: tuple[str, ...] = ()
    kind: AnswerKind = AnswerKind.TEXT
    others: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    rule: str
    card: Card
    typed: str
    verdict: Verdict

    @property
    def id(self) -> str:
        return f"{self.rule}: {self.typed!r} for {self.card.expected!r}"


def rows(rule: str, card: Card, *cases: tuple[str, Verdict]) -> list[Row]:
    return [Row(rule, card, typed, verdict) for typed, verdict in cases]


# --- cards like the decks' --------------------------------------------------------

BREST_DATE = Card("March 1918", ("1918-03",), K.DATE)
FALL_OF_BAKU = Card("15 September 1918", ("1918-09-15",), K.DATE)
MUDROS_DATE = Card("30 October 1918", ("1918-10-30",), K.DATE)
GOYCHAY = Card("27 June – 1 July 1918", ("1918-06-27/1918-07-01",), K.DATE)
SOVIETIZATION = Card("The night of 27/28 April 1920", ("night 1920-04-27",), K.DATE)
A_DAY = Card("10 July 1918", ("1918-07-10",), K.DATE)
A_MONTH = Card("April 1919", ("1919-04",), K.DATE)
A_YEAR = Card("1918", ("1918",), K.DATE)
MONTHS = Card("June–July 1918", ("1918-06/1918-07",), K.DATE)
YEARS = Card("1919–1921", ("1919/1921",), K.DATE)
WINTER_MONTHS = Card("November 1918 – March 1919", ("1918-11/1919-03",), K.DATE)

NURI = Card("Nuri Pasha", ("Nuri Paşa", "Nuru paşa", "নুরি পাশা", "General Nuri (Kilgilin)"), K.PERSON,
            ("Enver Pasha", "Halil Pasha", "Petrov"))
ENVER = Card("Enver Pasha", ("Enver Paşa", "Enver", "Ənvər paşa"), K.PERSON,
             ("Nuri Pasha", "Cemal Pasha", "Talât Pasha"))
SHAUMIAN = Card("Stepan Shaumian", ("Stepan Şaumyan", "Şaumyan"), K.PERSON, ())
KARABEKIR = Card("Kâzım Karabekir", ("Karabekir", "General Kâzım Karabekir", "Kazim Karabekir"), K.PERSON,
                 ("Kâzım Özalp", "Kâzım Bey (Özalp)", "Colonel Kâzım Bey", "Kazim Ozalp"))
OZALP = Card("Kâzım Özalp", ("Kâzım Bey (Özalp)", "Colonel Kâzım Bey", "Kazim Ozalp"), K.PERSON,
             ("Kâzım Karabekir", "Karabekir", "General Kâzım Karabekir", "Kazim Karabekir"))
KEMAL = Card("Mustafa Kemal", ("Mustafa Kemal Paşa", "Kemal"), K.PERSON,
             ("Cemal Pasha", "Cemal Paşa", "Cemal", "Djemal Pasha", "Mustafa Suphi", "Suphi"))
SUPHI = Card("Mustafa Suphi", ("Mustafa Suphi (Mevlevizade)", "Suphi"), K.PERSON, ("Mustafa Kemal", "Kemal"))
CEMAL = Card("Cemal Pasha", ("Cemal Paşa", "Cemal", "Djemal Pasha"), K.PERSON, ("Mustafa Kemal", "Kemal"))
TALAT = Card("Talât Pasha", ("Talât Paşa", "Talât", "Talat Pasha", "Talaat Pasha", "Tələt paşa"), K.PERSON,
             ("Enver Pasha", "Cemal Pasha"))
HALIL = Card("Halil Pasha", ("Halil Paşa", "Halil (Kut)", "Halil Kut"), K.PERSON, ("Said Halim Pasha",))
KHOYSKI = Card("Fatali Khan Khoyski", ("Fətəli Xan Xoyski", "Fətəli xan", "Khoyski"), K.PERSON, ())
RASULZADE = Card("Mammad Amin Rasulzade", ("Rəsulzadə", "M.Ə.Rəsulzadə", "Məhəmmd Əmin Rəsulzadə"), K.PERSON, ())
SHIKHLINSKI = Card("Ali-Agha Shikhlinski", ("Şıxlınski", "General Şıxlınski", "Shikhlinski"), K.PERSON, ())
CHICHERIN = Card("Georgii Chicherin", ("Grigorii V. Chicherin", "Grigorii Chicherin", "Chicherin", "Georgy Chicherin"),
                 K.PERSON, ("Vladimir Lenin", "Joseph Stalin", "Sergo Ordzhonikidze", "Grigorii Ordzhonikidze"))
ORDZHONIKIDZE = Card("Sergo Ordzhonikidze", ("G. K. Ordzhonikidze", "Ordzhonikidze", "Grigorii Ordzhonikidze"),
                     K.PERSON, ("Georgii Chicherin", "Grigorii Chicherin", "Sergei Kirov"))
LENIN = Card("Vladimir Lenin", ("V. I. Lenin", "Lenin"), K.PERSON, ("Joseph Stalin", "Georgii Chicherin"))
BICHERAKHOV = Card("Lazar Bicherakhov", ("Lazar Biçeraxov", "Biçeraxov"), K.PERSON, ("Petrov",))
KRESS = Card("Friedrich Kress von Kressenstein", ("Fridrix fon Kress", "fon Kress", "Kress", "von Kress"), K.PERSON,
             ("Hans von Seeckt",))
SEECKT = Card("Hans von Seeckt", ("Hans fon Zekt", "fon Zekt", "Zekt"), K.PERSON, ("Friedrich Kress von Kressenstein",))
DUNSTERVILLE = Card("Lionel Dunsterville", ("Lionel C. Denstervil", "Denstervill", "Dunsterville"), K.PERSON, ())
SABIT = Card("Dr Fuat Sabit", ("Fuat Sabit", "Sabit"), K.PERSON, ("Baha Sait", "Sait Bey", "Baha Said"))
BAHA_SAIT = Card("Baha Sait", ("Sait Bey", "Baha Said"), K.PERSON, ("Fuat Sabit", "Dr Fuat Sabit", "Sabit"))
BEKIR_SAMI = Card("Bekir Sami Bey", ("Bekir Sami Bey (Kundah)", "Bekir Sami Kundah", "Bekir Sami"), K.PERSON, ())
LEADERS_CUP = Card("Enver Pasha, Talât Pasha and Cemal Pasha", (), K.PERSON, ("Mustafa Kemal", "Kemal"))
LEADERS_KARAKOL = Card("Kara Vasif and Baha Sait", (), K.PERSON, ("Fuat Sabit", "Dr Fuat Sabit", "Sabit"))

BAKU = Card("Baku", ("Bakı", "বাকু"), K.PLACE, ("Batum",))
GANJA = Card("Ganja", ("Gəncə", "গাঞ্জা", "Yelizavetpol"), K.PLACE, ())
KARABAGH = Card("Karabagh", ("Karabakh", "Qarabağ"), K.PLACE, ())
SHAMAKHI = Card("Shamakhi", ("Şamaxı", "শামাখি"), K.PLACE, ())
ARARAT = Card("Mount Ararat", ("Ararat",), K.PLACE, ())
NAKHICHEVAN = Card("Nakhichevan", ("Nakhchivan", "Naxçıvan"), K.PLACE, ())
ANGORA = Card("Angora", ("Ankara",), K.PLACE, ())
DAGHESTAN = Card("Daghestan", ("Dagestan", "Dağıstan", "দাগেস্তান"), K.PLACE, ())
TSARITSYN = Card("Tsaritsyn", ("সারিতসিন",), K.PLACE, ())
IGDIR = Card("Igdir", ("Iğdır",), K.PLACE, ())
KARAMARYAM = Card("Karamaryam", ("Qaraməryəm",), K.PLACE, ())
GOYCAY = Card("Göyçay", ("Goychay", "গয়চে"), K.PLACE, ())
BIBI_HEYBAT = Card("Bibi-Heybat", ("Bibi-Heybət", "বিবি-হেবাত"), K.PLACE, ("Baku", "Bakı"))

BREST = Card("The Treaty of Brest-Litovsk", ("Brest-Litovsk", "Brest-Litovsk sazişi", "ব্রেস্ট-লিটোভস্ক"), K.AGREEMENT,
             ("the Armistice of Mudros",))
MUDROS = Card("The Armistice of Mudros", ("Mudros Armistice", "আর্মিস্টিস অফ মুদ্রোস"), K.AGREEMENT,
              ("the Treaty of Brest-Litovsk",))
MOSCOW = Card("The Treaty of Moscow", ("the Soviet–Turkish Treaty of Moscow", "the Russo-Turkish Treaty of Moscow"),
              K.AGREEMENT, ("the Sivas understanding", "the Treaty of Kars"))
SEVRES = Card("The Treaty of Sèvres", (), K.AGREEMENT, ("the Treaty of Moscow",))
SIVAS = Card("The Sivas understanding", ("the Muvahhidin understanding",), K.AGREEMENT, ("the Treaty of Moscow",))

ARMY_OF_ISLAM = Card("The Army of Islam", ("Army of Islam", "Qafqaz İslam Ordusu", "QİO", "İslam Ordusu",
                                          "Caucasian Islamic Army"), K.ORGANIZATION,
                     ("Army of the Black Sea", "Volunteer Army", "Dunsterforce"))
MUSAVAT = Card("Musavat party", ("Musavat", "Musavatists"), K.ORGANIZATION, ())
KARAKOL = Card("The Karakol society", ("Karakol society", "Karakol", "Karaul"), K.ORGANIZATION, ())
CUP = Card("The Committee of Union and Progress", ("Committee of Union and Progress", "Ittihad ve Terakki",
                                                   "Young Turks", "CUP"), K.ORGANIZATION,
           ("Representative Committee", "Caucasus Regional Committee"))
CENTROCASPIAN = Card("Central Committee of the Caspian Flotilla", ("Sentrokaspi",), K.ORGANIZATION,
                     ("Caspian Flotilla", "Centrocaspian Dictatorship"))
ADR = Card("The Azerbaijan Democratic Republic",
           ("Azerbaijan Democratic Republic", "Azərbaycan Xalq Cümhuriyyəti", "AXC"), K.ORGANIZATION,
           ("Azerbaijani National Council",))

PARTIES_MUDROS = Card("The Ottoman Empire and the Allies", ("Ottoman Empire and Allies",), K.NAME, ())
PARTIES_BREST = Card("Soviet Russia, Germany, Austria-Hungary, the Ottoman Empire and Bulgaria", (), K.NAME, ())
PARTIES_MOSCOW = Card("Soviet Russia and the Turkish Nationalists", (), K.NAME, ())

STRENGTH = Card("6,000 soldiers", ("6,000",), K.NUMBER)
DETACHMENT = Card("240 men", ("240",), K.NUMBER)
GUNS = Card("6 guns", ("6",), K.NUMBER)
HOURS = Card("30 hours", ("30",), K.NUMBER)
KILLED = Card("30,000 people", ("30,000",), K.NUMBER)
COMMISSARS = Card("26 commissars", ("26",), K.NUMBER)

ROLE_ENVER = Card("The Ittihadist leader and possible rival of Mustafa Kemal who had set out for Russia by late 1919",
                  (), K.DESCRIPTION)
ROLE_SHAUMIAN = Card("The head of the Baku Soviet", (), K.DESCRIPTION)
SIGNIFICANCE_BAKU = Card("The largest oil-producing centre of Russia and the prize of the 1918 struggle between "
                         "the great powers in the Caucasus", (), K.DESCRIPTION)
EVENT = Card("The capture of Shamakhi", (), K.DESCRIPTION)

# Cards of unknown kind (hand-written quiz questions, cards from an older studykit): the
# kind is read from the answer itself.
TEXT_NURI = Card("Nuri Pasha")
TEXT_DATE = Card("15 September 1918")
TEXT_MONTH = Card("September 1918")
TEXT_NUMBER = Card("6,000 men")
TEXT_TREATY = Card("the Treaty of Moscow")
TEXT_DESCRIPTION = Card("The commander of the Ottoman Army Group of the East")
TEXT_FRIENDSHIP = Card("the treaty of friendship")


CORPUS: list[Row] = [
    # --- dates: the same date in any form ---------------------------------------
    *rows("a date in any form", FALL_OF_BAKU,
          ("15 September 1918", C), ("15 Sept 1918", C), ("15 Sep 1918", C), ("Sept 15, 1918", C),
          ("September 15, 1918", C), ("September 15th, 1918", C), ("the 15th of September 1918", C),
          ("15th September 1918", C), ("1918-09-15", C), ("15.09.1918", C), ("15.9.1918", C), ("15/09/1918", C),
          ("09/15/1918", C), ("1918/09/15", C), ("15 sentyabr 1918", C), ("15 eylül 1918", C),
          ("  15   SEPTEMBER   1918 ", C), ("on 15 September 1918", C)),
    *rows("a date in any form", MUDROS_DATE,
          ("30 October 1918", C), ("Oct 30, 1918", C), ("30.10.1918", C), ("1918-10-30", C), ("30 ekim 1918", C),
          ("30 oktyabr 1918", C), ("October 30th 1918", C)),
    *rows("a month in any form", BREST_DATE,
          ("March 1918", C), ("Mar 1918", C), ("1918-03", C), ("03.1918", C), ("3/1918", C), ("mart 1918", C),
          ("in March 1918", C), ("march, 1918", C)),
    *rows("a year", A_YEAR, ("1918", C), ("in 1918", C)),
    *rows("a range in any form", GOYCHAY,
          ("27 June – 1 July 1918", C), ("27 June - 1 July 1918", C), ("27 June to 1 July 1918", C),
          ("between 27 June and 1 July 1918", C), ("June 27 – July 1, 1918", C), ("1918-06-27/1918-07-01", C),
          ("from 27 June until 1 July 1918", C)),
    *rows("a range in any form", MONTHS, ("June–July 1918", C), ("June to July 1918", C), ("1918-06/1918-07", C),
          ("1 June – 31 July 1918", C)),
    *rows("a range in any form", YEARS, ("1919–1921", C), ("1919-1921", C), ("from 1919 to 1921", C)),
    *rows("a night in any form", SOVIETIZATION,
          ("the night of 27/28 April 1920", C), ("27/28 April 1920", C), ("night of 27/28 April 1920", C),
          ("night 1920-04-27", C)),

    # --- dates: more precise than the sources, and inside them: right ------------
    *rows("more precise, inside the answer", BREST_DATE,
          ("3 March 1918", C), ("March 3, 1918", C), ("March 3rd, 1918", C), ("1918-03-03", C), ("3.3.1918", C),
          ("03/03/1918", C), ("31 March 1918", C), ("1 March 1918", C), ("3–5 March 1918", C),
          ("early March 1918", C), ("late March 1918", C), ("mid-March 1918", C)),
    *rows("more precise, inside the answer", A_YEAR,
          ("August 1918", C), ("15 September 1918", C), ("spring 1918", C), ("early 1918", C), ("late 1918", C),
          ("June–July 1918", C), ("the first half of 1918", C)),
    *rows("more precise, inside the answer", A_MONTH, ("4 April 1919", C), ("April 4, 1919", C),
          ("late April 1919", C)),
    *rows("more precise ends of a range of months", MONTHS, ("27 June – 1 July 1918", C), ("1 June – 15 July 1918", C)),
    *rows("more precise ends of a range of years", YEARS, ("March 1919 – 1921", C), ("1919 – March 1921", C)),
    *rows("more precise ends of a range of months", WINTER_MONTHS, ("17 November 1918 – 2 March 1919", C)),

    # --- dates: less precise than the sources: partly right ----------------------
    *rows("less precise, around the answer", A_DAY,
          ("July 1918", P), ("Jul 1918", P), ("1918-07", P), ("1918", P), ("early July 1918", P),
          ("summer 1918", P), ("mid-1918", P), ("June–July 1918", P), ("9–11 July 1918", P), ("the 1910s", P)),
    *rows("less precise, around the answer", A_MONTH,
          ("spring 1919", P), ("1919", P), ("early 1919", P), ("March–May 1919", P), ("the first half of 1919", P)),
    *rows("less precise, around the answer", FALL_OF_BAKU,
          ("September 1918", P), ("autumn 1918", P), ("fall 1918", P), ("1918", P), ("mid-September 1918", P),
          ("late 1918", P), ("the second half of 1918", P)),
    *rows("less precise, around the answer", BREST_DATE, ("1918", P), ("spring 1918", P), ("early 1918", P),
          ("winter 1918", W)),
    *rows("less precise, around the answer", A_YEAR, ("the 1910s", P), ("1910s", P), ("1917–1919", P)),
    *rows("less precise, around the answer", GOYCHAY, ("June–July 1918", P), ("summer 1918", P), ("1918", P)),
    *rows("less precise, around the answer", Card("January 1918", (), K.DATE), ("winter 1918", P),
          ("winter 1917/18", P), ("early 1918", P)),
    *rows("less precise, around the answer", Card("December 1918", (), K.DATE), ("winter 1918", P),
          ("winter 1918–19", P), ("late 1918", P)),

    # --- dates: one end, or inside a range: partly right -------------------------
    *rows("one end of a range", GOYCHAY, ("27 June 1918", P), ("1 July 1918", P), ("June 27, 1918", P),
          ("1918-07-01", P)),
    *rows("one end of a range", MONTHS, ("June 1918", P), ("July 1918", P), ("15 June 1918", P)),
    *rows("one end of a range", YEARS, ("1919", P), ("1921", P)),
    *rows("one end of a range", WINTER_MONTHS, ("November 1918", P), ("March 1919", P)),
    *rows("one day of a night", SOVIETIZATION, ("27 April 1920", P), ("28 April 1920", P), ("April 28, 1920", P)),
    *rows("inside a range", GOYCHAY, ("28 June 1918", P), ("29–30 June 1918", P)),
    *rows("inside a range", YEARS, ("1920", P), ("March 1920", P)),
    *rows("inside a range", WINTER_MONTHS, ("January 1919", P), ("winter 1918–19", P)),
    *rows("overlapping a range", GOYCHAY, ("30 June – 5 July 1918", P), ("20–28 June 1918", P)),
    *rows("overlapping a range", YEARS, ("1920–1923", P), ("1917–1919", P)),

    # --- dates: outside the answer: wrong ---------------------------------------
    *rows("a date outside the answer", BREST_DATE,
          ("3 April 1918", W), ("April 1918", W), ("28 February 1918", W), ("March 1919", W), ("1919", W),
          ("3 March 1917", W), ("late 1918", W), ("summer 1918", W), ("autumn 1918", W), ("the 1920s", W),
          ("1917", W)),
    *rows("a date outside the answer", FALL_OF_BAKU,
          ("16 September 1918", W), ("14 September 1918", W), ("15 September 1919", W), ("15 August 1918", W),
          ("October 1918", W), ("spring 1918", W), ("1919", W), ("early September 1918", W)),
    *rows("a date outside the answer", GOYCHAY, ("2 July 1918", W), ("26 June 1918", W), ("August 1918", W),
          ("1919", W)),
    *rows("a date outside the answer", SOVIETIZATION, ("29 April 1920", W), ("26 April 1920", W), ("May 1920", W),
          ("the night of 28/29 April 1920", W)),
    *rows("a date outside the answer", YEARS, ("1918", W), ("1922", W), ("1917–1918", W)),
    *rows("a date outside the answer", A_YEAR, ("1919", W), ("1917", W), ("the 1920s", W), ("March 1919", W)),

    # --- dates: a misspelled month, a missing year, no date at all ---------------
    *rows("a misspelled month", FALL_OF_BAKU, ("15 Setpember 1918", N), ("15 Septmber 1918", N),
          ("15 Septembre 1918", N)),
    *rows("a misspelled month", BREST_DATE, ("3 Macrh 1918", N), ("Marhc 1918", N)),
    *rows("the year left out", MUDROS_DATE, ("30 October", P), ("October 30", P), ("30 Oct", P), ("30.10", P)),
    *rows("the year left out", FALL_OF_BAKU, ("15 September", P), ("September 15th", P), ("16 September", W)),
    *rows("the year left out", BREST_DATE, ("March", P), ("3 March", P), ("April", W)),
    *rows("not a date", FALL_OF_BAKU, ("in autumn", W), ("the fall of Baku", W), ("Baku", W), ("May Day", W),
          ("soon after", W), ("30", W)),

    # --- numbers -----------------------------------------------------------------
    *rows("a number in any form", STRENGTH,
          ("6,000", C), ("6000", C), ("6 000", C), ("6.000", C), ("six thousand", C), ("6k", C), ("6,000 soldiers", C),
          ("6000 men", C), ("about 6,000", C), ("some 6,000 troops", C), ("Six Thousand Soldiers", C)),
    *rows("a number in any form", DETACHMENT, ("240", C), ("two hundred forty", C), ("two hundred and forty men", C),
          ("240 soldiers", C)),
    *rows("a number in any form", GUNS, ("6", C), ("six", C), ("six guns", C), ("6 guns", C)),
    *rows("a number in any form", HOURS, ("30", C), ("thirty hours", C), ("30 hours", C)),
    *rows("a number in any form", KILLED, ("30,000", C), ("thirty thousand", C), ("30 000 people", C)),
    *rows("a number in any form", COMMISSARS, ("26", C), ("twenty-six", C), ("twenty six commissars", C)),
    *rows("the right number of the wrong thing", GUNS, ("6 battalions", P), ("six men", P)),
    *rows("the right number of the wrong thing", HOURS, ("30 days", P)),
    *rows("another number", STRENGTH, ("5,000", W), ("600", W), ("60,000", W), ("7000 soldiers", W),
          ("several thousand", W)),
    *rows("another number", DETACHMENT, ("24", W), ("2400", W), ("250 men", W)),
    *rows("another number", COMMISSARS, ("25", W), ("twenty", W), ("many", W)),

    # --- names: the whole name in any spelling ------------------------------------
    *rows("the name, case and spaces", NURI, ("Nuri Pasha", C), ("nuri pasha", C), ("  NURI   PASHA ", C),
          ("Nuri-Pasha", C)),
    *rows("Turkish and Azerbaijani letters typed plain", NURI, ("Nuri Pasa", C), ("Nuri Paşa", C)),
    *rows("Turkish and Azerbaijani letters typed plain", KARABEKIR, ("Kazim Karabekir", C), ("Kâzım Karabekir", C),
          ("Kazım Karabekir", C)),
    *rows("Turkish and Azerbaijani letters typed plain", TALAT, ("Talat Pasa", C), ("Talât Paşa", C), ("Talat", C)),
    *rows("Turkish and Azerbaijani letters typed plain", KHOYSKI, ("Fatali Xan Xoyski", C), ("Fətəli Xan Xoyski", C),
          ("Fetali Khan Khoyski", C)),
    *rows("transliterations: German, French, Russian", NURI, ("Nuri Pascha", C), ("Nouri Pacha", C)),
    *rows("transliterations of Шаумян", SHAUMIAN,
          ("Stepan Shahumyan", C), ("Stepan Shaumyan", C), ("Stepan Šaumjan", C), ("Stepan Schaumjan", C),
          ("Shahumyan", C), ("Shaumian", C), ("Şaumyan", C), ("Shaumjan", C)),
    *rows("transliterations: w for v", ENVER, ("Enwer Pasha", C), ("Enwer", C), ("Ənvər", C), ("Enver Pascha", C)),
    *rows("transliterations: doubled letters", TALAT, ("Talaat Pasha", C), ("Talaat", C), ("Tal'at Pasha", C)),
    *rows("transliterations: c, j, dj", CEMAL, ("Djemal Pasha", C), ("Jemal Pasha", C), ("Cemal", C),
          ("Dschemal Pascha", C), ("Çemal Paşa", C)),
    *rows("transliterations: Russian ch, tsch, č", CHICHERIN, ("Georgy Chicherin", C), ("Georgi Tschitscherin", C),
          ("Georgij Čičerin", C), ("Chicherin", C), ("Tchitcherine", N)),
    *rows("transliterations: dzh, j, dj", ORDZHONIKIDZE, ("Sergo Orjonikidze", C), ("Sergo Ordjonikidze", C),
          ("Ordzhonikidze", C), ("Orjonikidze", C)),
    *rows("transliterations: kh, x, ç", BICHERAKHOV, ("Lazar Bicherakhoff", C), ("Lazar Biçeraxov", C),
          ("Bicherakhov", C), ("Bitscherachow", N)),
    *rows("transliterations: Azerbaijani x and ı", SHIKHLINSKI, ("Shikhlinski", C), ("Şıxlınski", C),
          ("Shikhlinsky", C), ("Ali Agha Shikhlinski", C), ("Ali-Aga Şıxlınski", C)),
    *rows("transliterations: ə read as a or e", RASULZADE, ("Resulzade", C), ("Rasulzadeh", C), ("Rəsulzadə", C),
          ("Mammad Amin Rasulzade", C), ("Mamed Emin Resulzade", N)),
    *rows("transliterations: von and fon", SEECKT, ("Hans von Seeckt", C), ("Hans fon Zekt", C), ("Seeckt", C),
          ("Zekt", C), ("von Seeckt", C)),
    *rows("transliterations of places", BAKU, ("Baku", C), ("Bakı", C), ("baku", C), ("BAKU", C), ("Bakou", C)),
    *rows("transliterations of places", GANJA, ("Ganja", C), ("Gəncə", C), ("Gence", C), ("Gandzha", C),
          ("Ganca", C), ("Yelizavetpol", C), ("Elizavetpol", C)),
    *rows("transliterations of places", KARABAGH, ("Karabagh", C), ("Karabakh", C), ("Qarabağ", C), ("Qarabag", C),
          ("Garabagh", C), ("Karabag", C)),
    *rows("transliterations of places", SHAMAKHI, ("Shamakhi", C), ("Şamaxı", C), ("Samaxi", C), ("Shamakhy", C),
          ("Shemakha", W)),
    *rows("transliterations of places", NAKHICHEVAN, ("Nakhichevan", C), ("Nakhchivan", C), ("Naxçıvan", C),
          ("Naxcivan", C), ("Nakhijevan", C)),
    *rows("transliterations of places", DAGHESTAN, ("Daghestan", C), ("Dagestan", C), ("Dağıstan", C),
          ("Daghistan", C)),
    *rows("transliterations of places", TSARITSYN, ("Tsaritsyn", C), ("Tsaritsin", C), ("Caricyn", C), ("Zarizyn", W)),
    *rows("transliterations of places", IGDIR, ("Igdir", C), ("Iğdır", C), ("Igdyr", C)),
    *rows("transliterations of places", KARAMARYAM, ("Karamaryam", C), ("Qaraməryəm", C), ("Garamaryam", C)),
    *rows("transliterations of places", GOYCAY, ("Göyçay", C), ("Goychay", C), ("Goycay", C), ("Geokchay", W)),
    *rows("an alias", ANGORA, ("Ankara", C), ("Angora", C)),
    *rows("an alias in another script", NURI, ("নুরি পাশা", C)),
    *rows("an alias in another script", BAKU, ("বাকু", C)),

    # --- names: without the title, surname, parts ----------------------------------
    *rows("the distinctive name without the title", NURI, ("Nuri", C), ("General Nuri", C), ("Nuri Bey", C)),
    *rows("the distinctive name without the title", ENVER, ("Enver", C), ("Enver Bey", C), ("Ismail Enver Pasha", P)),
    *rows("the distinctive name without the title", HALIL, ("Halil", C), ("Halil Kut", C), ("Kut", C),
          ("General Halil", C)),
    *rows("the distinctive name without the title", CEMAL, ("Cemal", C), ("Djemal", C)),
    *rows("the distinctive name without the title", TALAT, ("Talât", C), ("Talat Bey", C)),
    *rows("the distinctive name without the title", BEKIR_SAMI, ("Bekir Sami", C), ("Bekir Sami Kundah", C)),
    *rows("the distinctive name without the title", SABIT, ("Fuat Sabit", C), ("Sabit", C), ("Fuad Sabit", C)),
    *rows("a person's surname", KARABEKIR, ("Karabekir", C), ("General Karabekir", C)),
    *rows("a person's surname", OZALP, ("Özalp", C), ("Ozalp", C), ("Colonel Özalp", C)),
    *rows("a person's surname", SHAUMIAN, ("Shaumian", C)),
    *rows("a person's surname", DUNSTERVILLE, ("Dunsterville", C), ("General Dunsterville", C)),
    *rows("a person's surname", KHOYSKI, ("Khoyski", C), ("Xoyski", C), ("Khoiskii", C)),
    *rows("a person's surname", RASULZADE, ("Rasulzade", C)),
    *rows("a person's surname", LENIN, ("Lenin", C), ("V. I. Lenin", C), ("Comrade Lenin", C)),
    *rows("a person's surname", KRESS, ("Kressenstein", C), ("Kress", C), ("von Kressenstein", C)),
    *rows("a first name alone", SHAUMIAN, ("Stepan", P)),
    *rows("a first name alone", DUNSTERVILLE, ("Lionel", P)),
    *rows("a first name alone", LENIN, ("Vladimir", P)),
    *rows("a first name alone", RASULZADE, ("Mammad Amin", P), ("Amin", P)),
    *rows("a first name alone", KHOYSKI, ("Fatali Khan", C), ("Fatali", C)),
    *rows("a first name another known person shares", KARABEKIR, ("Kâzım", P), ("Kazim", P), ("General Kâzım", P)),
    *rows("a first name another known person shares", OZALP, ("Kâzım", P), ("Colonel Kâzım", P)),
    *rows("a first name another known person shares", KEMAL, ("Mustafa", P), ("Kemal", C), ("Mustafa Kemal Pasha", C)),
    *rows("a first name another known person shares", SUPHI, ("Mustafa", P), ("Suphi", C)),
    *rows("a name with a word the card does not have", NURI, ("Nuri Killigil", P), ("Nuri Pasha Killigil", P)),
    *rows("a title alone", NURI, ("Pasha", W), ("Paşa", W), ("General", W), ("the Pasha", W)),
    *rows("a title alone", BEKIR_SAMI, ("Bey", W)),
    *rows("a title alone", KHOYSKI, ("Khan", W)),
    *rows("a title alone", KARABEKIR, ("General", W)),

    # --- names: another known person, never accepted -------------------------------
    *rows("another known person", NURI, ("Enver Pasha", W), ("Enver", W), ("Halil Pasha", W), ("Petrov", W)),
    *rows("another known person", ENVER, ("Nuri Pasha", W), ("Nuri", W), ("Cemal Pasha", W), ("Talat", W)),
    *rows("another known person", KARABEKIR, ("Kâzım Özalp", W), ("Kazim Ozalp", W), ("Özalp", W),
          ("Colonel Kâzım Bey", W)),
    *rows("another known person", OZALP, ("Kâzım Karabekir", W), ("Karabekir", W)),
    *rows("another known person", KEMAL, ("Cemal", W), ("Cemal Pasha", W), ("Mustafa Suphi", W), ("Suphi", W),
          ("Djemal", W)),
    *rows("another known person", CEMAL, ("Kemal", W), ("Mustafa Kemal", W)),
    *rows("another known person", SUPHI, ("Mustafa Kemal", W), ("Kemal", W)),
    *rows("another known person", SABIT, ("Baha Sait", W), ("Sait", W), ("Said", W)),
    *rows("another known person", BAHA_SAIT, ("Fuat Sabit", W), ("Sabit", W), ("Sait", C), ("Baha", P)),
    *rows("another known person", CHICHERIN, ("Lenin", W), ("Stalin", W), ("Ordzhonikidze", W), ("Grigorii", P)),
    *rows("another known person", ORDZHONIKIDZE, ("Chicherin", W), ("Kirov", W), ("Grigorii", P)),
    *rows("another known person", SEECKT, ("Kress", W), ("Kressenstein", W)),
    *rows("another known person", KRESS, ("Seeckt", W), ("Hans von Seeckt", W)),
    *rows("another known person", BICHERAKHOV, ("Petrov", W)),
    *rows("one letter from the answer, but also a known person", HALIL, ("Halim Pasha", W), ("Halim", W)),
    *rows("another place", BAKU, ("Batum", W), ("Ganja", W), ("Tiflis", W), ("Bako", W)),
    *rows("another place", BIBI_HEYBAT, ("Baku", W), ("Bibi", P), ("Heybat", P)),

    # --- agreements: without "Treaty of", the other order, parts ------------------
    *rows("an agreement's name without its noun", BREST,
          ("Brest-Litovsk", C), ("Brest Litovsk", C), ("Brest-Litovsk treaty", C), ("Treaty of Brest-Litovsk", C),
          ("the Brest-Litovsk Treaty", C), ("Peace of Brest-Litovsk", C), ("Brest", P), ("Litovsk", P),
          ("Brest-Litowsk", C), ("Brest-Litovks", N)),
    *rows("an agreement's name without its noun", MUDROS,
          ("Mudros", C), ("Moudros", C), ("Armistice of Mudros", C), ("the Mudros armistice", C),
          ("Mudros agreement", C), ("Mudors", N)),
    *rows("an agreement's name without its noun", MOSCOW,
          ("Moscow", C), ("the Moscow Treaty", C), ("Treaty of Moscow", C), ("Soviet–Turkish Treaty of Moscow", C),
          ("Moskva", W)),
    *rows("an agreement's name without its noun", SEVRES, ("Sèvres", C), ("Sevres", C), ("Treaty of Sevres", C),
          ("Sevres treaty", C)),
    *rows("an agreement's name without its noun", SIVAS, ("Sivas", C), ("the Sivas understanding", C),
          ("Muvahhidin understanding", C), ("Sivas agreement", C)),
    *rows("an agreement's noun alone", MOSCOW, ("Treaty", W), ("the treaty", W), ("Treaty of", W)),
    *rows("an agreement's noun alone", MUDROS, ("Armistice", W), ("the armistice", W)),
    *rows("another agreement", MOSCOW, ("Kars", W), ("the Treaty of Kars", W), ("Sivas", W), ("Brest-Litovsk", W)),
    *rows("another agreement", BREST, ("Mudros", W), ("the Armistice of Mudros", W), ("Versailles", W)),
    *rows("another agreement", SEVRES, ("Moscow", W), ("Lausanne", W)),

    # --- places and organizations: without the generic noun -----------------------
    *rows("a place without its noun", ARARAT, ("Ararat", C), ("Mt Ararat", C), ("Mount Ararat", C), ("Mount", W)),
    *rows("an organization's name without its noun", MUSAVAT, ("Musavat", C), ("the Musavat", C),
          ("Musavat Party", C), ("Müsavat", C), ("Party", W)),
    *rows("an organization's name without its noun", KARAKOL, ("Karakol", C), ("Karakol society", C),
          ("Karaul", C), ("Society", W)),
    *rows("an organization's whole name", ARMY_OF_ISLAM,
          ("Army of Islam", C), ("the army of islam", C), ("Islam Army", C), ("Islam Ordusu", C),
          ("Caucasian Islamic Army", C), ("Islam", P), ("Army", P), ("Volunteer Army", W),
          ("Army of the Black Sea", W)),
    *rows("an organization's whole name", CUP, ("CUP", C), ("Committee of Union and Progress", C),
          ("Union and Progress", P), ("Young Turks", C), ("Ittihad ve Terakki", C), ("Representative Committee", W)),
    *rows("an organization's whole name", CENTROCASPIAN, ("Sentrokaspi", C), ("Caspian Flotilla", W),
          ("Central Committee of the Caspian Flotilla", C), ("Centrocaspian Dictatorship", W)),
    *rows("most of an organization's name, a word wrong", Card(
        "Association for the Defense of the Rights of the Eastern Vilayets", (), K.ORGANIZATION),
        ("Association for the Defense of the Rights of the East", P), ("Defense of the Rights", P),
        ("Association for the Rights of Women", W), ("the Eastern Question", W)),
    *rows("an organization's whole name", ADR, ("Azerbaijan Democratic Republic", C), ("AXC", C),
          ("Azərbaycan Xalq Cümhuriyyəti", C), ("Azerbaycan Xalq Cumhuriyyeti", C), ("Azerbaijan", P),
          ("Azerbaijani National Council", W)),

    # --- several names, in any order --------------------------------------------------
    *rows("several names in any order", LEADERS_CUP,
          ("Enver Pasha, Talât Pasha and Cemal Pasha", C), ("Enver, Talat and Cemal", C), ("Cemal, Enver, Talat", C),
          ("Talaat Pasha, Djemal Pasha and Enver Pasha", C), ("Enver; Talat; Cemal", C), ("Enver & Talat & Cemal", C),
          ("Enver and Talat", P), ("Enver", P), ("Enver, Talat and Kemal", P), ("Nuri, Halil and Kemal", W)),
    *rows("several names in any order", LEADERS_KARAKOL, ("Kara Vasif and Baha Sait", C), ("Vasif and Sait", C),
          ("Baha Sait and Kara Vasif", C), ("Kara Vasif", P), ("Vasif and Sabit", P)),
    *rows("several names in any order", PARTIES_MUDROS,
          ("the Allies and the Ottoman Empire", C), ("Ottoman Empire and Allies", C),
          ("the Ottomans and the Allies", N),
          ("the Ottoman Empire", P), ("the Allies", P), ("Germany and Russia", W)),
    *rows("several names in any order", PARTIES_BREST,
          ("Soviet Russia, Germany, Austria-Hungary, the Ottoman Empire and Bulgaria", C),
          ("Germany, Austria-Hungary, Bulgaria, Ottoman Empire and Soviet Russia", C),
          ("Germany and Soviet Russia", P), ("Britain and France", W)),
    *rows("several names in any order", PARTIES_MOSCOW, ("the Turkish Nationalists and Soviet Russia", C),
          ("Soviet Russia", P)),
    *rows("one name asked, several given", NURI, ("Nuri Pasha and Enver Pasha", W), ("Enver or Nuri", W),
          ("Nuri, Enver, Halil", W)),

    # --- near misses: one typo --------------------------------------------------------
    *rows("one letter off", NURI, ("Nuri Pash", N), ("Nuri Pashaa", N), ("Nuri Psaha", N)),
    *rows("one letter off", MUDROS, ("Mudross", N), ("Mudrso", N)),
    *rows("one letter off", KARABEKIR, ("Karabekor", N), ("Karabkir", N), ("Kazim Karabekirr", N)),
    *rows("one letter off", SHAUMIAN, ("Shaumiann", N), ("Stepan Shaumain", N)),
    *rows("one letter off", ANGORA, ("Ankaraa", N), ("Angorra", C)),
    *rows("one letter off", DUNSTERVILLE, ("Dunstervile", C), ("Dunsterwille", C)),
    *rows("two letters off", MUDROS, ("Mudorss", W), ("Madrus", W)),
    *rows("a short name: one letter makes another word", BAKU, ("Bako", W), ("Baka", W), ("Bakuu", W)),
    *rows("a short name: one letter makes another word", Card("Van", (), K.PLACE), ("Wan", C), ("Vat", W)),

    # --- descriptions: never marked wrong by comparing strings ---------------------
    *rows("a description is judged by the student", ROLE_ENVER,
          ("He was an Ittihadist leader who went to Russia", U), ("a rival of Mustafa Kemal", U), ("don't know", U),
          ("The Ittihadist leader and possible rival of Mustafa Kemal who had set out for Russia by late 1919", C)),
    *rows("a description is judged by the student", ROLE_SHAUMIAN, ("head of the Baku Soviet", C),
          ("He led the Baku soviet", U), ("chairman of the Baku Council", U), ("a Bolshevik", U)),
    *rows("a description is judged by the student", SIGNIFICANCE_BAKU, ("an oil city", U), ("the prize of 1918", U)),
    *rows("a description is judged by the student", EVENT, ("the capture of Shamakhi", C),
          ("Shamakhi was taken", U), ("the fall of Shamakhi", U)),

    # --- a card of unknown kind: the kind read from the answer ----------------------
    *rows("unknown kind: a name", TEXT_NURI, ("Nuri", C), ("nuri pasa", C), ("Pasha", W), ("Enver Pasha", W)),
    *rows("unknown kind: a date", TEXT_DATE, ("15.09.1918", C), ("September 1918", P), ("16 September 1918", W)),
    *rows("unknown kind: a date", TEXT_MONTH, ("15 September 1918", C), ("October 1918", W)),
    *rows("unknown kind: a number", TEXT_NUMBER, ("6000", C), ("six thousand soldiers", C), ("600", W)),
    *rows("unknown kind: an agreement", TEXT_TREATY, ("Moscow", C), ("the Moscow Treaty", C), ("Kars Treaty", W)),
    *rows("unknown kind: a description", TEXT_DESCRIPTION, ("commander of the Army Group of the East", U),
          ("the commander of the Ottoman Army Group of the East", C)),
    *rows("unknown kind: a description", TEXT_FRIENDSHIP, ("friendship treaty", U), ("the treaty of friendship", C)),
]

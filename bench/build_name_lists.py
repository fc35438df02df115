"""Build the name lists the identifier scan ships (portal/cases/data/*.txt); run by hand.

Sources: the person providers of the Faker package (MIT licence, https://github.com/joke2k/faker)
for Norwegian and the languages of the largest immigrant groups in Norway, plus Sami, Somali,
Tigrinya, Arabic, Dari/Persian, Filipino, Thai and Vietnamese names written for this project
(same licence as the portal). Faker is needed only here, not at run time:

    pip install --target /tmp/fakerlib faker
    PYTHONPATH=/tmp/fakerlib .venv/bin/python bench/build_name_lists.py

Names that are also Norwegian words (per the Debian ``wnorwegian`` word list, if installed) are
written to ``ambiguous.txt`` too: the scan counts them as names only where the context says so.
"""

import importlib
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "portal" / "cases" / "data"
WORDLIST = Path("/usr/share/dict/bokmål")
LOCALES = (
    "no_NO", "da_DK", "sv_SE", "fi_FI", "is_IS", "de_DE", "pl_PL", "lt_LT", "lv_LV",
    "en_PK", "tr_TR", "uk_UA", "ru_RU", "en_US", "en_GB", "nl_NL", "fr_FR", "es_ES", "ro_RO",
)  # fmt: skip
CYRILLIC = dict(zip(
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэё",
    ["a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m", "n",
     "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu", "ia", "y", "e",
     "io"],
    strict=True,
))  # fmt: skip

# Written for this project: names common in Sápmi (North, Lule and South Sami) and among the
# largest immigrant groups whose Faker locale is missing or not in Latin script.
OWN_FIRST = """
Ánde Ánne Ánte Áilu Áslat Biret Elle Ellen Máret Márjá Risten Ovllá Niillas Jovnna Mihkkal
Piera Sunná Sáve Issát Máhtte Heaika Iŋgá Ingá Ristin Gáren Ásllat Jon-Ánde Sire Ravdna Beaska
Johttti Nilsa Lásse Ánná Sárá Gollegiella Áile Inger-Anne Elle-Márjá Nils-Ánte Duommá Bierna
Abdi Abdullahi Abdirahman Abdirizak Abdikarim Aden Hassan Hussein Farah Mohamed Omar Yusuf
Osman Jama Ismail Hirsi Sahra Fadumo Hodan Asha Amina Halima Ifrah Khadra Ayan Hibo Nimco
Safiya Muna Ubah Deeqa Sagal Mahad Liban Guled Bashir Said Dahir Hamza Ilhan Warsan Idil
Tesfay Tekle Haile Berhane Mehari Yonas Yohannes Dawit Filmon Senait Selam Tsega Mebrahtu
Kidane Semere Meron Feven Luwam Hagos Abraham Aklilu Yemane Ghirmay Saba Rahel Hiwet Winta
Ahmad Mohammad Khaled Mahmoud Rami Fadi Bilal Yasmin Rania Lina Hala Noor Layla Fatima Aya
Rasha Dima Hamid Karim Tarek Nasser Samir Walid Majed Ammar Nour Rawan Hiba Batoul Zain
Farid Mustafa Zahra Maryam Shirin Parisa Farhad Reza Hossein Mahsa Nazanin Soraya Wahid
Javid Jawad Sediq Nasrin Homa Roya Habib Najib Zabihullah Sohrab Arash Dariush Fereshteh
Jose Juan Cristina Rosario Maricel Jocelyn Marites Rowena Analyn Jonalyn Marilou Rodel
Somchai Somsak Malee Siriporn Ploy Porntip Wanida Sunisa Kanya Pornthip Apinya Ratana Saengdao
Minh Huong Thanh Tuan Hung Linh Phuong Quang Trang Duc Hoa Thuy
Oleksandr Oleksii Olena Olha Iryna Mykola Mykhailo Andrii Yuliia Nataliia Tetiana Svitlana
Bogdan Dmytro Serhii Viktoriia Kateryna Vasyl Yaroslav Taras Halyna Larysa
"""
OWN_SURNAMES = """
Sara Gaup Eira Hætta Somby Bongo Utsi Turi Kemi Labba Triumf Balto Logje Mienna Buljo Oskal
Juuso Nango Valkeapää Magga Gaino Smuk Skum Kuoljok Partapuoli Vars Kitti Pavval Kuhmunen
Nystad Kintel Jåma Bientie Fjellheim Kappfjell Jåňa Sparrok Laiti Sombi Vuolab
Abdullahi Aden Hussein Farah Warsame Jama Ismail Hirsi Nur Dahir Mohamud Abdulle Egal Duale
Tesfay Tekle Haile Berhane Mehari Mebrahtu Ghebre Kidane Hagos Teklemariam Weldemichael
Ghebremedhin Gebremariam Tesfamariam Habte Kahsay Woldu
Khalil Haddad Saleh Ibrahim Youssef Hamdan Darwish Kassem Mansour Hamoud Alhassan Alali Almasri
Ahmadi Hosseini Rahimi Karimi Mohammadi Rezaei Sultani Noori Amiri Hashimi Jafari Azizi Sadat
Habibi Nazari Safi Popal Wardak Stanekzai Haidari Sharifi Mirzaei
Santos Reyes Cruz Bautista Ocampo Mendoza Villanueva Ramos Aquino Castillo Dizon Manalo
Srisuk Saetang Wongsawat Chaiyaporn Boonmee Suwannarat Phongphan Kaewkham
Nguyen Tran Pham Hoang Huynh Phan Dang Bui Truong Ngo Duong
Shevchenko Kovalenko Bondarenko Tkachenko Kravchenko Oliinyk Melnyk Koval Boiko Savchenko
Rudenko Lysenko Marchenko Moroz Petrenko Pavlenko Hrytsenko Kravets Zaitsev
"""
# Never names, whatever a list says: places, months, weekdays, institutions, methods, drugs.
NEVER = """
Januar Februar Mars April Mai Juni Juli August September Oktober November Desember
Mandag Tirsdag Onsdag Torsdag Fredag Lørdag Søndag Jul Påske Pinse Norge Norsk Sverige
Salten Bodø Fauske Saltdal Sørfold Steigen Beiarn Hamarøy Meløy Gildeskål Rødøy Rognan
Misvær Ørnes Inndyr Nordland Troms Finnmark Oslo Bergen Stavanger Trondheim Tromsø Narvik
Hamar Molde Moss Halden Voss Gol Alta Rana Mo Vega Senja Drag Bø Dønna Grane Nesna Røst
Gerica Profil Compilo Helse Nord Sør Vest Øst Kirkens Nav Dps Bup Vpp Rus Fact Act Lar
Kid Pmto Mi Kat Ip Hms Rop Subutex Metadon Cipralex Sobril Vival Stesolid Zyprexa Abilify
Temesta Imovane Buprenorfin Suboxone Truxal Seroquel Lyrica Paralgin Kommune Fylke Staten
Moren Faren Broren Søsteren Pasienten Brukeren Hun Han Det Den De Vi Jeg Du Etter Før Når
Sykehus Legevakt Barnevern Politi Kvinne Mann Gutt Jente Ung Gammel Alle Ingen Noen
"""


def _translit(name: str) -> str:
    """Ukrainian and Russian names in Latin letters (a simple national transliteration)."""
    latin = "".join(CYRILLIC.get(ch, ch) for ch in name.lower())
    return "-".join(part.capitalize() for part in latin.split("-"))


def _names(provider, attributes: tuple[str, ...]) -> set[str]:
    """Every single-word Latin-script name in the provider's lists (dicts give their keys)."""
    found: set[str] = set()
    for attribute in attributes:
        values = getattr(provider, attribute, ())
        for value in values.keys() if isinstance(values, dict) else values:
            if re.search("[а-яА-ЯіїєґІЇЄҐёЁ]", value):
                value = _translit(value)
            for word in value.split():
                if re.fullmatch(r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-žŋ'-]+", word) and len(word) > 2:
                    found.add(word)
    return found


def main() -> None:
    """Write first_names.txt, surnames.txt and ambiguous.txt."""
    first, surnames = set(OWN_FIRST.split()), set(OWN_SURNAMES.split())
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        first |= _names(provider, ("first_names", "first_names_female", "first_names_male"))
        surnames |= _names(
            provider, ("last_names", "male_last_names", "unisex_last_names", "last_names_male")
        )
    never = {word.casefold() for word in NEVER.split()}
    first = {name for name in first if name.casefold() not in never}
    surnames = {name for name in surnames if name.casefold() not in never}
    words: set[str] = set()
    if WORDLIST.exists():
        words = {w for w in WORDLIST.read_text(encoding="latin-1").split() if w.islower()}
    else:
        print("wnorwegian is not installed: ambiguous.txt is left out", file=sys.stderr)
    ambiguous = {name for name in first | surnames if name.lower() in words}
    OUT.mkdir(exist_ok=True)
    for filename, names in (
        ("first_names.txt", first),
        ("surnames.txt", surnames),
        ("ambiguous.txt", ambiguous),
    ):
        (OUT / filename).write_text("\n".join(sorted(names)) + "\n")
        print(f"{filename}: {len(names)}")


if __name__ == "__main__":
    main()

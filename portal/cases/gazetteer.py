"""Word lists for the identifier scan: Norwegian first names, surnames, places and cue words.

Shipped with the portal (nothing is downloaded at run time). Names are the common ones in
Statistics Norway's name statistics; places are Norwegian municipalities, regions and towns
that a case may mention without identifying anybody.
"""


def _words(block: str) -> frozenset[str]:
    """A frozen set of the whitespace-separated words in ``block``."""
    return frozenset(block.split())


FIRST_NAMES = _words("""
Ada Agnes Aina Aisha Alma Amalie Amanda Amina Ana Andrea Ane Anette Anita Anja Ann Anna
Anne Annette Astrid Aud Aurora Beate Benedicte Bente Berit Birgit Birgitte Bjørg Bodil Borghild
Brit Britt Camilla Cathrine Cecilie Charlotte Christina Christine Dagny Dina Edel Edith Eirin
Eldbjørg Elena Eli Elin Eline Elisabeth Elise Ella Ellen Ellinor Else Elsa Embla Emilie Emma
Erle Eva Fatima Frida Gerd Grete Grethe Gro Gry Gunhild Gunn Gunvor Guro Halldis Hanna Hannah
Hanne Hedda Hege Heidi Helene Hilde Hjørdis Ida Idun Inga Ingeborg Inger Ingrid Ingunn Ingvild
Irene Iselin Janne Jannicke Jenny Johanne Jorid Jorunn Josefine Julia Julie Kaja Kamilla Karen
Kari Karin Karoline Kathrine Katrine Kine Kirsten Kjersti Klara Kristi Kristiane Kristin Kristina
Kristine Laila Lena Lene Lill Lillian Linda Line Linn Lisa Lisbeth Lise Liv Live Lotte Madeleine
Magnhild Maja Malin Maren Margit Margrethe Margareth Mari Maria Marianne Marie Marion Marit
Marte Marthe Martine Maryam Mathea Mathilde Merete Mette Mia Mille Mina Mona Monica Monika
Nathalie Nelly Nicoline Nina Nora Oda Oddny Oline Olivia Othilie Pernille Petra Ragnhild Randi
Ranveig Rebecca Reidun Rikke Rita Ronja Rut Ruth Sara Selma Sidsel Signe Sigrid Sigrun Silje
Siri Sissel Siv Sofia Sofie Solfrid Solveig Solvor Sonja Stina Stine Svanhild Synne Synnøve
Sølvi Thea Therese Tina Tiril Tone Tonje Tordis Torhild Torill Torunn Tove Trine Trude Turid
Tuva Unn Unni Veronica Vibeke Vigdis Vilde Vilja Wenche Wenke Yvonne Zainab Åse Aase Åshild
Abdi Adrian Ahmed Aksel Aleksander Alexander Ali Anders Andreas Arild Arne Arvid Asbjørn Atle
Audun Axel Benjamin Bernt Birger Bjarne Bjørn Bård Carl Christian Dag Daniel Edvard Egil Eilif
Einar Eirik Eivind Elias Emil Endre Erik Erling Eskil Espen Even Filip Finn Frank Fredrik Frode
Gaute Geir Georg Gisle Gjermund Glenn Gudmund Gunnar Gustav Hallstein Hallvard Halvard Halvor
Hans Harald Harry Hassan Helge Henrik Herman Håkon Ibrahim Idar Ingar Inge Isak Ivar Jacob
Jakob Jakub Jan Jarle Jens Jesper Joakim Johan Johannes John Jon Jonas Jostein Jørgen Jørn
Kai Karim Karl Kasper Kenneth Ketil Kevin Kim Kjell Kjetil Knut Kolbjørn Kristen Kristian
Kristoffer Kurt Kåre Lars Lasse Lauritz Leif Leiv Lucas Ludvig Ludvik Lukas Magne Magnus Marius
Martin Mathias Matias Mats Mikael Mikkel Mohamed Mohammad Mohammed Morten Mustafa Nicolai
Nikolai Nils Njål Noah Odd Oddvar Odin Ola Olai Olav Ole Omar Oscar Oskar Ove Paul Peder Per
Petter Philip Piotr Pål Ragnar Rasmus Reidar Robert Robin Roger Rolf Ronny Rune Roar Sander
Sebastian Severin Sigmund Sigurd Simen Sindre Sivert Sondre Stein Steinar Stian Stig Sturla
Svein Sveinung Svend Sverre Syver Sølve Terje Theo Theodor Thomas Thor Tobias Tom Tomasz Tommy
Tor Torbjørn Tord Torgeir Torstein Torvald Tore Trond Truls Trygve Ulrik Vebjørn Vegard Vetle
Vidar Viktor William Wilhelm Yngvar Yngve Yusuf Øivind Ørjan Ørnulf Øystein Øyvind Åge Åsmund
""")

SURNAMES = _words("""
Aas Aasen Abrahamsen Ahmed Ali Amundsen Andersen Andreassen Andresen Antonsen Arnesen Aune
Bakke Bakken Benjaminsen Berg Berge Bergersen Bergheim Berget Berntsen Birkeland Bjerke
Bjørnstad Brekke Bøe Christensen Dahl Dale Dalen Danielsen Edvardsen Eide Eliassen Ellingsen
Engebretsen Engen Eriksen Evensen Fagerli Fjeld Fossum Fredriksen Grønvold Gulbrandsen
Gundersen Hagen Halvorsen Hamre Hansen Hanssen Hauge Haugen Haugland Heggelund Helland
Henriksen Hermansen Hoel Holm Holmberg Holmen Hovland Hussain Isaksen Iversen Jacobsen Jakobsen
Jansen Jensen Jenssen Johannessen Johansen Johnsen Jørgensen Karlsen Kaspersen Khan Knudsen
Knutsen Kolstad Kristensen Kristiansen Kristoffersen Kvalvik Kvam Larsen Lie Lien Lind
Lindberg Lorentzen Ludvigsen Lund Lunde Løken Martinsen Mathiassen Mathisen Mikalsen
Mikkelsen Moe Moen Mohamed Mortensen Myhre Myklebust Ness Nguyen Nielsen Nilsen Nilssen
Nordahl Nordby Nordheim Nordli Nordmann Nordvik Nygård Olaussen Olsen Paulsen Pedersen
Pettersen Rasmussen Reitan Rødahl Rønning Ruud Sand Sandberg Sandnes Sandvik Sandvold
Simonsen Sivertsen Skog Skogen Sletten Solberg Solheim Steffensen Storvik Strand Strøm Sunde
Svendsen Sveen Sæther Sørensen Sørli Tangen Thomassen Thorsen Tollefsen Torgersen Tveit
Ulriksen Vik Vold Wiik Wold Zahl Øien Ødegård Åsheim
""")

# Names that are also everyday words ("Per dag", "Hans mor", "Vold og trusler"): at the start
# of a sentence they count as names only next to another name.
AMBIGUOUS = _words("""
Ask Bakke Bakken Berg Bjørn Bo Dag Dale Dalen Eli Even Fred Frank Gro Hagen Hans Holm Inga
Kai Kristen Lie Lind Line Liv Lund Lykke Mai Moe Ness Odd Per Rita Sand Siv Skog Sol Stig
Storm Strand Strøm Tom Tone Vik Vold Vår
""")

# Places a case may name freely: municipalities (Salten and the rest of Nordland first),
# counties, regions, towns and countries.
PLACES = _words("""
Bodø Fauske Saltdal Sørfold Steigen Beiarn Hamarøy Meløy Gildeskål Rødøy Salten Rognan
Sulitjelma Misvær Ørnes Inndyr Skjerstad Tverlandet Løding Straumen Innhavet Oppeid Nordfold
Alstahaug Andøy Bindal Brønnøy Bø Dønna Evenes Flakstad Grane Hadsel Hattfjelldal Hemnes
Herøy Leirfjord Lurøy Lødingen Moskenes Narvik Nesna Rana Røst Sortland Træna Vefsn Vega
Vestvågøy Vevelstad Værøy Vågan Øksnes Hemnes Mosjøen Mo Sandnessjøen Brønnøysund Svolvær
Leknes Stokmarknes Melbu Andenes Ballangen Tysfjord Kjøpsvik Drag Nordland Troms Finnmark
Tromsø Harstad Alta Hammerfest Vadsø Kirkenes Sør-Varanger Senja Lenvik Finnsnes Målselv
Bardu Balsfjord Lyngen Skjervøy Nordreisa Kvænangen Karlsøy Ibestad Tjeldsund Kvæfjord
Lofoten Vesterålen Ofoten Helgeland Nord-Norge Trøndelag Trondheim Steinkjer Namsos Levanger
Stjørdal Oslo Bergen Stavanger Kristiansand Drammen Fredrikstad Sarpsborg Skien Ålesund
Sandnes Haugesund Tønsberg Moss Porsgrunn Arendal Bærum Asker Lillehammer Hamar Gjøvik
Molde Kristiansund Larvik Sandefjord Halden Kongsberg Elverum Førde Florø Voss Gol Geilo
Norge Noreg Sverige Danmark Finland Island Russland Polen Litauen Ukraina Syria Somalia
Eritrea Afghanistan Irak Iran Etiopia Sudan Tyskland Spania Thailand Filippinene Europa
Viken Vestland Rogaland Agder Innlandet Vestfold Telemark Østfold Akershus Buskerud
Bodin Rønvik Mørkved Hunstad Løpsmark Jensvoll Grønnåsen Alstad Kjerringøy Valnesfjord
Saltstraumen Tverlandet Glomfjord Sandhornøy Moldjord Storjord Kjøpsvik Musken Kvarv Røkland
Kautokeino Karasjok Tysfjord Sápmi Sameland
""")

# Capitalised words that are never part of a person's name here: services, institutions,
# weekdays, months and words that open sentences in case texts.
NOT_NAMES = _words("""
Nordlandssykehuset Statsforvalteren Helsedirektoratet Husbanken Bufetat Barnevernet
Kriminalomsorgen Frelsesarmeen Bymisjon Kirkens Blå Kors Helse Nord Sør Vest Øst Salten
Universitetssykehuset Sykehuset Kommunen Kommune Fylkeskommunen Staten Stortinget Regjeringen
Mandag Tirsdag Onsdag Torsdag Fredag Lørdag Søndag Januar Februar Mars April Mai Juni Juli
August September Oktober November Desember Jul Påske Pinse Julaften Nyttår Sankthans
NAV Nav DPS BUP VPP FACT ACT LAR KID PMTO MI KAT IP HMS ROP RHF HF NKS KORUS RVTS NAPHA
Gerica Profil Compilo DIPS Visma CosDoc Helsenorge Helsedirektoratet Folkehelseinstituttet
Subutex Suboxone Metadon Buprenorfin Cipralex Sobril Vival Stesolid Zyprexa Abilify Temesta
Imovane Truxal Seroquel Lyrica Paralgin Ritalin Concerta Antabus Naloxon Nyxoid Rivotril
Legevakten Legevakt Rådhuset Sykehjemmet Helsehuset Kirkens Bymisjonen Frisklivssentralen
Pasienten Brukeren Moren Faren Broren Søsteren Fastlegen Koordinator Ansvarsgruppen
Sami Sámi Samisk Jesus Gud Allah Ramadan Eid Corona Covid SAS Teams
Han Hun Det Den De Vi Jeg Du Dette Denne Disse Deres Hennes Etter Før Når Hvis Som
Men Og Da Nå Så Her Der I På Til Fra Med Om For Av Hva Hvordan Hvorfor Hvem Ved Under Over
Mellom Siden Selv Alle Ingen Noen Mange Flere Begge Både Enten Ikke Også Bare Kanskje Allerede
Samtidig Deretter Likevel Dessuten Først Senere Tidligere Ansatte Tjenesten Tiltaket Saken
Vedtak Vedtaket Planen Målet Samtalen Møtet Hjemmebesøk Oppfølgingen Erfaringer Spørsmål
""")

# Words right before a name that point at a person ("moren Sigrun", "heter Zara"); not words
# that are also common verbs ("bruker Snapchat").
NAME_CUES = _words("""
heter het kalt kalles kalte navnet herr fru frk dr pasienten pasient brukeren sønnen
sønn datteren datter dattera mor moren mora far faren broren bror søsteren søster kona kone
mannen ektemannen samboer samboeren kjæresten barnet fastlege fastlegen naboen nabo onkel
tante bestemor bestefar venninnen vennen kameraten sjefen verge vergen
navn navnet kallenavn heite heitte mamma pappa mammaen pappaen stefar stemor stefaren
stemoren svigermor svigerfar halvbror halvsøster tvillingbroren tvillingsøsteren ekssamboer
ekssamboeren eksmann eksmannen ekskone ekskona kjæreste sønnesønn barnebarnet oldemor
fastlegen lege legen psykolog psykologen psykiater psykiateren sykepleier sykepleieren
miljøterapeut miljøterapeuten terapeut terapeuten koordinator koordinatoren kontaktperson
kontaktpersonen primærkontakt primærkontakten saksbehandler saksbehandleren advokat
advokaten hjelpeverge hjelpevergen lærer læreren rektor naboene tolk tolken prest presten
vennina kollega kollegaen sambo sambuer
""")

# Words right before "N år" that make it an age ("er 42 år", "en mann på 42 år").
AGE_CUES = _words("""
er var ble blir fylte fyller fylt alder alderen på mann kvinne gutt jente pasient pasienten
bruker brukeren sønn sønnen datter datteren mor far bror søster
""")

# Verbs after a sentence-opening name that is also a word: «Per ringte» (not «Per dag»).
PERSON_VERBS = _words("""
ringte ringer kom sa sier forteller fortalte bor bodde flyttet fikk møtte gikk tok ville ønsker
ønsket mener mente jobber jobbet svarte truet sendte skrev døde opplever opplevde sluttet
begynte tror trodde følte føler kjenner kjente husker snakket snakker gråt ble
""")

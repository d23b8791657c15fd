"""Generated news articles of realistic length and shape, for benchmarks (not for quality metrics)."""

from __future__ import annotations

import random
import re

_PLACES = ["Valmora", "Nordmark", "Eastbrook", "Port Ilse", "Karsk", "Linden", "Maravia", "Oskar Bay", "Tiber Falls", "Greyhaven"]
_PEOPLE = ["Anna Keller", "Tomas Eberle", "Lena Hart", "Ingrid Solberg", "Marek Novak", "Sofia Ricci", "David Osei", "Yuki Tanaka", "Omar Haddad", "Clara Dunn"]
_ROLES = ["Prime Minister", "Finance Minister", "Foreign Minister", "the mayor", "the union leader", "the central bank governor", "the chief executive", "the opposition leader"]
_TOPICS = [
    ("budget", ["spending", "deficit", "taxes", "pensions", "public debt"]),
    ("strike", ["wages", "union", "port", "negotiations", "inflation"]),
    ("election", ["votes", "coalition", "turnout", "campaign", "parliament"]),
    ("floods", ["rainfall", "evacuation", "river", "damage", "insurance"]),
    ("energy", ["gas prices", "wind farms", "grid", "subsidies", "emissions"]),
    ("trade", ["tariffs", "exports", "shipping", "customs", "supply chains"]),
]
_TEMPLATES = [
    "{role} {person} said on {day} that the government would review its plans for {thing} in {place}.",
    "\u201cWe will not accept a deal that ignores {thing},\u201d {person} told reporters in {place}, adding that talks would continue.",
    "According to figures published by the statistics office, {thing} rose by {n} percent in the first quarter.",
    "Critics warned that the decision on {thing} could cost the economy about {n} billion euros over {m} years.",
    "The {topic} has dominated the debate in {place} since {month}, when {person} first raised concerns about {thing}.",
    "Officials in {place} said {n} people had been affected and that the situation remained under review.",
    "{person}, who has led the negotiations since {month}, said a compromise on {thing} was still possible.",
    "Analysts at a local bank said they expected {thing} to remain the main issue until the end of the year.",
    "The opposition called for an inquiry, arguing that the handling of the {topic} had been slow and confusing.",
    "Residents interviewed on {day} said they were worried about {thing} and wanted clearer answers.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


def article(rng: random.Random, words: int) -> tuple[str, dict]:
    """(text, metadata) of an article of about `words` words, paragraphs of 1-3 sentences."""
    topic, things = rng.choice(_TOPICS)
    place = rng.choice(_PLACES)
    title = f"{place} {topic}: {rng.choice(_PEOPLE)} says {rng.choice(things)} under review"
    paragraphs, count = [], 0
    while count < words:
        para = " ".join(
            rng.choice(_TEMPLATES).format(
                role=rng.choice(_ROLES),
                person=rng.choice(_PEOPLE), day=rng.choice(_DAYS), thing=rng.choice(things), place=place,
                n=rng.randint(2, 90), m=rng.randint(2, 10), topic=topic, month=rng.choice(_MONTHS),
            )
            for _ in range(rng.randint(1, 3))
        )
        para = para[0].upper() + para[1:]
        paragraphs.append(para)
        count += len(para.split())
    meta = {"title": title, "source": rng.choice(["Valmora Post", "Baltic Wire", "The Coastal Ledger", "Nordmark Herald"]),
            "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
    return "\n\n".join(paragraphs), meta


def articles(n: int, seed: int = 7) -> list[tuple[str, dict]]:
    """n articles of 300 to 1,200 words (typical news lengths)."""
    rng = random.Random(seed)
    return [article(rng, rng.randint(300, 1200)) for _ in range(n)]


def write_markdown(folder, items) -> list[str]:
    """Write articles as .md files with front matter; returns their paths."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (text, meta) in enumerate(items):
        path = folder / f"article-{i:05d}.md"
        path.write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n{text}\n", encoding="utf-8")
        paths.append(str(path))
    return paths


# -- Varied articles: every story its own places, people, companies, figures and dates ----------------------------
# `articles()` above draws every article from the same ten sentences, so any two of them share most of
# their word 3-shingles (99.8% of pairs contain each other at 0.3 or more, copy detection's threshold), and a search finds the same sentences
# everywhere. `varied_articles()` gives each article its own invented place, company, people, outlet,
# date and figures, and builds its sentences from templates with alternatives every few words, so two
# stories on the same topic share little text; topics overlap the test storylines (accidents, rates,
# strikes, breaches, elections, droughts, takeovers, rail, trials, contracts), so searches meet
# realistic distractors. Their containment is measured in docs/BENCHMARKS.md and checked in tests/test_dedup.py.

_FIRST = ("Anna Tomas Lena Ingrid Marek Sofia David Yuki Omar Clara Pieter Nadia Jonas Aylin Rafael Mirela Hugo Selin Bogdan Elif "
          "Matteo Ines Kofi Amara Lars Freja Dmitri Olga Tariq Leila Henrik Maja Pablo Lucia Farid Zeynep Andrei Irina Jakub Petra "
          "Emil Sanne Ruben Noor Stefan Alina Joao Beatriz Kenji Hana Mateus Greta Viktor Ilse Samir Dalia Oscar Vera Teodor Ana "
          "Rosa Felix Mikael Hanne Adrian Iris Nikos Eleni Tobias Lotte Caspar Mira Anton Daria Idris Salma Goran Vesna").split()
_LAST = ("Keller Eberle Hart Solberg Novak Ricci Osei Tanaka Haddad Dunn Vermeer Petrova Lindqvist Demir Okafor Moreau Brandt "
         "Kowalski Esposito Nakamura Alves Horvat Jensen Costa Varga Aksoy Popescu Berg Nilsen Fischer Romano Duarte Ivanova "
         "Koval Marsh Whitlock Achterberg Falkenrath Quist Ortega Sandoval Mbeki Farrow Gallo Holt Renner Stavros Tamm Ulrich "
         "Voss Wagner Yilmaz Zander Abbott Bauer Carvalho Dragan Engstrom Ferrante Grieve Hoang Ibsen Jovanovic Kaur Laine "
         "Mendes Nystrom Oyelaran Pohl Rask Sorensen Toth Upton Valdez Winter Yeo Zubiri Arendt Borg Cerny Dahl Eskildsen").split()
_SYLLABLE_A = "Ar Bel Cor Dal Es Fen Gal Har Ist Jor Kal Lor Mar Nor Or Pel Quar Ros Sal Tor Ul Ven Wes Yar Zel Bran Cas Drum Elm Frost Glen Hol Iver Kes Lun Mor".split()
_SYLLABLE_B = "ford mouth holm vik ora dale bury stad enza ova ick ton haven field gard mere wick lund brook port moor ness sund".split()
_SECTORS = ["Energy", "Logistics", "Foods", "Pharma", "Steel", "Telecom", "Airways", "Motors", "Chemicals", "Bank", "Insurance",
            "Shipping", "Retail", "Mining", "Software", "Construction", "Rail", "Water", "Media", "Textiles"]
_OUTLETS = [("The Harbour Gazette", "harbourgazette"), ("Continental Wire", "contwire"), ("Evening Sentinel", "eveningsentinel"),
            ("The Northern Observer", "northernobserver"), ("Lakeside Daily", "lakesidedaily"), ("Metro Ledger", "metroledger"),
            ("The Valley Courier", "valleycourier"), ("Atlas News Agency", "atlasnews"), ("The Morning Standard", "morningstandard"),
            ("Riverside Post", "riversidepost"), ("The Civic Record", "civicrecord"), ("Eastern Press Service", "easternpress"),
            ("The Weekly Compass", "weeklycompass"), ("Bayline Times", "baylinetimes"), ("The Provincial Herald", "provincialherald"),
            ("Summit Business Review", "summitreview"), ("The Capital Tribune", "capitaltribune"), ("Coastline Radio News", "coastlineradio")]
# Names of the test storylines (tests/data/news): never invented, so generated stories stay distractors, not rivals.
_RESERVED = {"Ilse", "Velmora", "Dorran", "Caldora", "Ashford", "Brightline", "Santerra", "Rivermouth", "Corvale", "Brennick",
             "Halvik", "Kestrel", "Solano", "Askel", "Calder", "Sandell", "Brannock"}

_DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

# Per topic: headline, lead and body templates. {slots} are filled per article (fixed) or per use
# ({n}, {pct}, {money}, {day}, {month}: fresh each time); [a|b|c] picks one alternative.
_STORIES = {
    "accident": dict(
        org="{company}", roles=["fire chief", "plant manager", "regional governor", "union representative", "safety inspector"],
        titles=["{n} hurt in [blast|explosion|fire] at {company} site in {place}", "[Deadly|Fatal] [blast|fire] [hits|rips through] {place} {thing}"],
        leads=["[A fire|An explosion|A blast] at {company}'s {thing} in {place} [killed|left dead] {k} [workers|people] and [injured|hurt] {n} others [late on|early on] {day}, [emergency services|the authorities|police] said.",
               "{k} [people|workers] [died|were killed] and {n} [were injured|were taken to hospital] when [a fire|an explosion] [tore through|broke out at] a {thing} [run|operated] by {company} in {place} on {day}."],
        body=["[Witnesses|Residents] [said|told {outlet}] they [heard|saw] [a loud bang|two explosions|thick black smoke] [shortly after|at about] {hour} and [saw|watched] [flames|smoke] [rise|rising] above the {thing}.",
              "{full1}, the {role1}, said [crews|firefighters] needed [almost|about|more than] {k} hours to [bring the fire under control|put out the flames|secure the site].",
              "[The company|{company}] said in a statement that it was [cooperating fully|working closely] with [investigators|the inspectorate|the police] and [did not yet know|could not yet say] what had [caused|triggered] the [blast|fire|accident].",
              "[Residents|People living] within {k} [kilometres|miles] of the {thing} were [told|advised|asked] to keep [windows and doors|their windows] [closed|shut] [overnight|until {day}].",
              "The {thing} [employs|has] about {big} [people|staff|workers] and was last inspected in {year}, [according to|said] the [national|regional] safety [inspectorate|agency].",
              "[Prosecutors|Police] [opened|have opened] [an investigation|a criminal inquiry] into [possible negligence|the cause of the {disaster}], {surname2} [said|confirmed] on {day}.",
              "[It was|This is] the [worst|deadliest|most serious] [industrial accident|{disaster}] in {place} since {year}, when {k} [people|workers] [died|were killed] in a [gas leak|collapse|fire]."],
        things=["storage hall", "chemical plant", "warehouse", "refinery", "paint factory", "fertiliser depot", "recycling plant", "grain silo"],
        disasters=["explosion", "fire", "blast", "accident"]),
    "rates": dict(
        org="the {place} central bank", roles=["central bank governor", "deputy governor", "chief economist", "finance minister", "board member"],
        titles=["{place} central bank [raises|cuts|holds] rates [at|to] {pct} percent", "[Rate|Interest rate] decision: {place} [moves|waits] as inflation [eases|persists]"],
        leads=["The central bank of {place} [raised|cut|left] its [main|benchmark|key] interest rate [by a quarter point|by half a percentage point|unchanged] [to|at] {pct} percent on {day}, [citing|pointing to] [inflation|weak growth|the strong currency].",
               "[Policymakers|The board] in {place} [voted|decided] {k} to {k2} on {day} to [raise|lower|hold] [borrowing costs|the key rate], [its|their] [first move|first change|decision] since {month}."],
        body=["Inflation [stood at|reached|fell to] {pct} percent in {month}, [well above|close to|below] the bank's [target|goal] of {pct2} percent, [figures from|data published by] the statistics office [showed|said].",
              "[Governor|Deputy governor] {full1} told a press conference that [the board|policymakers] would [watch|follow] [wage growth|energy prices|the housing market] [closely|carefully] before [any further move|deciding again].",
              "{full2}, a board member, [voted against|dissented from] the decision and [argued|said] [a larger|no|a smaller] [move|change|cut] was needed because [demand|lending|consumer spending] was [slowing|picking up].",
              "[Mortgage rates|Bond yields|The {place} currency] [rose|fell|moved] [sharply|slightly|little] after the [announcement|decision], [traders|analysts|dealers] said.",
              "[Economists|Analysts] at {company} [had expected|forecast|predicted] [the move|a pause|a cut] and [said|expect] the next [step|decision] [will|would] come in {month}.",
              "The bank [now expects|forecast] growth of {pct2} percent [this year|next year] and inflation [to return|falling] to target by {year2}."]),
    "strike": dict(
        org="the {place} {workers} union", roles=["union leader", "health minister", "hospital director", "labour minister", "union spokeswoman"],
        titles=["{workers} strike [shuts|hits|disrupts] {place} over pay", "[Thousands|{big}] {workers} walk out in {place}"],
        leads=["[Thousands of|About {big}] {workers} in {place} [walked out|went on strike|stopped work] on {day} [demanding|to demand|in a dispute over] a pay rise of {pct} percent, [their union said|according to the union].",
               "A [24-hour|48-hour|one-day] strike by {workers} [disrupted|halted|hit] [services|work|operations] across {place} on {day}, [the first|the biggest] [such action|walkout] in {k} years."],
        body=["The union [says|argues|said] pay has [fallen|lagged] {pct} percent behind inflation since {year}, [while|and that] [staff shortages|workloads|overtime] [have grown|keep rising].",
              "{full2}, the {role2}, [offered|proposed|put forward] a rise of {pct2} percent [over two years|this year|from {month}] and [called|described] the strike [unnecessary|irresponsible|regrettable].",
              "[Management|Officials|The employers] said about {big} [appointments|operations|journeys|shifts] had been [cancelled|postponed|affected] and [urged|asked] the public to [plan ahead|stay patient].",
              "\u201c[We have no choice|Nobody wants to strike|This is about fairness],\u201d {surname1} [told|said to] [a rally|reporters|strikers] outside the {building}. \u201c[Our members|People] [cannot|will not] [keep paying the price|accept another cut in real pay].\u201d",
              "[Talks|Negotiations] [are due to|will] [resume|continue] on {day}, [mediators|both sides] said, but [no date|no new offer] has been [set|made]."],
        workers=["nurses", "dock workers", "teachers", "bus drivers", "rail staff", "postal workers", "airport staff", "junior doctors"],
        buildings=["city hall", "ministry", "main hospital", "depot", "port gates"]),
    "breach": dict(
        org="{company}", roles=["chief executive", "data protection commissioner", "security researcher", "consumer ombudsman", "chief technology officer"],
        titles=["[Hackers|Cyber attack] [expose|hits] data of {bigm} million {company} customers", "{company} [admits|confirms] [data breach|cyber attack]"],
        leads=["{company} said on {day} that [hackers|criminals|an unknown group] had [stolen|copied|accessed] the [personal data|names and addresses|records] of about {bigm} million customers [in a cyber attack|after a breach] [discovered|detected] in {month}.",
               "[Personal details|Names, phone numbers and bank details] of [about|up to|nearly] {bigm} million people were [exposed|leaked|taken] in [an attack|a breach] on {company}'s [systems|servers|billing platform], the company said on {day}."],
        body=["The company said [passwords|card numbers|medical records] [were not|had not been] [affected|taken] but [urged|advised] customers to [watch for|beware of] [phishing|fraudulent] [emails|messages].",
              "{full1}, the {role1}, [apologised|said sorry] to customers and said [the company|{company}] had [hired|brought in] outside experts to [investigate|secure its systems].",
              "[The regulator|The data protection authority] said it had [opened|started] [an inquiry|an investigation] and could [impose|levy] a fine of up to {pct} percent of [annual turnover|revenue].",
              "A group calling itself {gang} [claimed responsibility|said it was behind the attack] [in a post|on a forum] and [demanded|asked for] a ransom of {money}.",
              "{full2}, a {role2}, said the [attack|breach] [showed|exposed] [weak|outdated] [security|systems] and that [customers|clients] [should|must] be [told|informed] [sooner|faster]."],
        gangs=["NightOwl", "GreyFox", "Pale Lantern", "Blue Hydra", "Cold Ember", "Iron Moth"]),
    "election": dict(
        org="the {party}", roles=["mayor-elect", "outgoing mayor", "party leader", "election commissioner", "political scientist"],
        titles=["{surname1} wins {place} [mayoral|regional|local] [race|vote|election]", "{place} [votes|elects] {surname1} [amid|after] [low|high|record] turnout"],
        leads=["{full1} of the {party} won the [race for mayor|mayoral election|regional election] in {place} on {day} with {pct} percent of the vote, [official results showed|the election commission said].",
               "[Voters|Residents] in {place} [elected|chose] {full1} [as|to be] [mayor|governor|council leader] on {day}, [ending|breaking] {k} years of [rule|control] by the {party2}."],
        body=["Turnout was {pct2} percent, [up from|down from|compared with] {pct3} percent [at the last election|four years ago|in {year}], the [commission|electoral office] said.",
              "{full2}, the {role2}, [conceded defeat|congratulated {surname1}] [late on|early on] {day} and said [the party|she|he] would [reflect|regroup|hold the new mayor to account].",
              "{surname1} [campaigned|ran] on [promises|a pledge] to [build|expand|fund] [affordable housing|the tram network|new schools|bike lanes] and to [cut|freeze] [local taxes|parking fees|fares].",
              "\u201c[Tonight|Today] [the people|voters] of {place} [chose change|asked for something new|gave us a clear mandate],\u201d {surname1} told [supporters|a crowd|cheering supporters] at [a hotel|the town hall|a rally].",
              "The {party2}'s [candidate|share of the vote] [fell|dropped] to {pct3} percent, [its worst|the lowest] [result|showing] since {year}."],
        parties=["Civic Alliance", "Green Future", "Labour and Unity", "People's Party", "Liberal Forum", "New Centre", "Social Democrats", "Regional Movement"]),
    "weather": dict(
        org="the {place} water authority", roles=["water authority director", "farmers' association head", "agriculture minister", "hydrologist", "regional governor"],
        titles=["{place} [imposes|lifts|tightens] water [limits|restrictions] as [drought|floods] [bite|ease]", "[Drought|Floods|Storms] [cost|could cost] {place} farmers {money}"],
        leads=["[Authorities|Officials] in {place} [ordered|imposed|announced] [water restrictions|a hosepipe ban|rationing] on {day} after reservoirs fell to {pct} percent of capacity, [the lowest|their lowest level] since {year}.",
               "[Heavy rain|Floods|A severe storm] [swept|hit|battered] {place} on {day}, [forcing|prompting] the evacuation of about {big} [residents|people] and [cutting power|closing roads] [to|in] {k} [villages|districts]."],
        body=["[Farmers|Growers] said [the drought|the floods|the weather] could cost them {money} [this year|this season], [with|as] [wheat|olive|vegetable|fruit] [harvests|yields] [down|falling] by {pct2} percent.",
              "{full1}, the {role1}, said [the measures|the restrictions|the rules] would [stay|remain] in place until [rainfall|reservoir levels] [returned|recovered] [to normal|above {pct3} percent].",
              "[Meteorologists|Forecasters] [expect|predict] [little|more|heavy] rain [before|until|after] {month}, and [warned|said] that [temperatures|river levels] could [rise|stay high] [further|again].",
              "[Households|Residents] who [break|ignore] the [rules|ban] [face|could face] fines of up to {money_small}, [the authority said|officials said].",
              "{full2}, the {role2}, [called for|demanded] [emergency aid|compensation|tax relief] and said [many|some] [farms|growers] [would not survive|could close] [another|a second] [dry|bad] year."]),
    "takeover": dict(
        org="{club}", roles=["chairman", "chief executive", "supporters' trust chairwoman", "league spokesman", "analyst"],
        titles=["{surname1} [bids|agrees] {money} for {club}", "{club} takeover [approved|blocked|delayed] [by|after] [league|regulator] [review|vote]"],
        leads=["[Investor|Businessman] {full1} [agreed|offered|made a bid] to buy {club} for {money} on {day}, [the club said|according to a statement], [ending|after] months of [speculation|talks].",
               "[The league|The competition regulator] [approved|cleared|blocked] the [takeover|sale] of {club} by a group led by {full1} on {day}, [valuing|a deal that values] the [club|company] at {money}."],
        body=["The [deal|offer] [includes|takes on] about {money} of [debt|loans] and [promises|commits] {money} for [a new stadium|the training ground|new players], {surname1} said.",
              "{full2}, the {role2}, said [supporters|fans|members] [wanted|needed] [guarantees|answers] about [ticket prices|the ground|the club's future] [before|after] the [sale|deal].",
              "[The club|{club}] [finished|sits|ended the season] {ordinal} in the league and [lost|reported a loss of] {money} last [year|season], [its accounts show|according to its accounts].",
              "\u201c[This is a new chapter|We want to win again|The fans deserve ambition],\u201d {surname1} [said|told {outlet}]. \u201c[We will invest|We are here for the long term|Nothing will change overnight].\u201d",
              "[Analysts|Bankers] said the [price|valuation] was [high|fair|low] [for a club|given the club's debts] and [pointed to|cited] [television money|the new stadium plans|player sales]."],
        clubs=["Athletic", "United", "Rovers", "City", "Wanderers", "Albion", "Town", "Harriers"]),
    "rail": dict(
        org="the {place} rail agency", roles=["transport minister", "rail agency director", "auditor-general", "project director", "opposition transport spokesman"],
        titles=["{place} [rail line|tunnel|bridge] [delayed again|costs rise again|faces new delay]", "[Audit|Review] [puts|says] {place} [line|project] cost at {money}"],
        leads=["The new [rail line|tram line|motorway bridge|metro tunnel] in {place} will [open|be finished] {k} years late and cost {money}, [the transport ministry|the project company] said on {day}.",
               "[The audit office|Auditors|An independent review] said on {day} that the {place} [rail|metro|tram] project would cost {money}, [far|well] more than the [official|government] estimate."],
        body=["[Engineers|Contractors] [hit|found] [unstable ground|flooding|old mine shafts] [in|under] the [tunnel|viaduct|cutting] near {place2}, [halting|delaying] work for {k} months.",
              "{full1}, the {role1}, said the [line|project] would [carry|serve] about {big} [passengers|commuters] a day [once open|when complete] and [cut|shorten] journey times by {k} minutes.",
              "{full2}, the {role2}, accused the government of [hiding|underestimating] [costs|delays] and [called|asked] for a [parliamentary inquiry|full review].",
              "[The consortium|Builders] [led by|including] {company} [blamed|pointed to] [rising steel prices|design changes|labour shortages] for the [overrun|delay].",
              "[Work|Boring|Construction] is [due|expected] to [resume|restart] in {month}, with the first [trains|trams|services] [now|now expected] in {year2}."]),
    "trial": dict(
        org="the {place} district court", roles=["judge", "prosecutor", "defence lawyer", "anti-corruption campaigner", "former mayor"],
        titles=["[Former|Ex-] {place} [mayor|official] [on trial|jailed|convicted] [over|for] bribes", "{place} bribery [trial opens|verdict]"],
        leads=["[The trial of|Prosecutors opened their case against] {full1}, a former [mayor|deputy mayor|planning chief] of {place}, [began|opened] on {day} on charges of taking {money_small} in bribes from {company}.",
               "A court in {place} [sentenced|jailed|convicted] {full1} on {day} [to|for] {k} years [in prison|for corruption] for [accepting|taking] bribes [worth|of] {money_small} [from builders|over contracts]."],
        body=["Prosecutors said the payments were [made|paid] [through|via] [a consultancy|relatives|a foreign account] between {year} and {year2} in return for [contracts|building permits|zoning changes].",
              "{full2}, the {role2}, told the court that [her|his] client [denied|rejected] [all|every one of] the charges and [would|planned to] appeal.",
              "[Judge|Presiding judge] {full3} said the [sentence|verdict] [reflected|took into account] [the scale of|the damage done by] the [bribes|corruption] to [public trust|the city].",
              "{company} [paid|agreed to pay] a fine of {money_small} and [dismissed|suspended] {k} [managers|executives] [over|after] the [case|scandal], [the company said|a spokesman said].",
              "\u201c[Nobody is above the law|Public office is a trust|This sends a clear message],\u201d the {role2} said [after the hearing|outside the court]."]),
    "business": dict(
        org="{company}", roles=["chief executive", "finance director", "industry analyst", "union official", "economy minister"],
        titles=["{company} [profit|sales] [rise|fall|jump] {pct} percent", "{company} to [cut|add] {big} jobs [in|across] {place}"],
        leads=["{company} [reported|posted] a {pct} percent [rise|fall|jump] in [quarterly|half-year|annual] [profit|net income|sales] to {money} on {day}, [beating|missing] [forecasts|analysts' expectations].",
               "{company}, [the|a] {place}-based [maker|supplier|operator] of {product}, said on {day} it would [cut|create|add] about {big} jobs [over|within] the next {k} years."],
        body=["[Revenue|Sales|Turnover] [rose|fell|grew] to {money} [from|compared with] {money} a year earlier, [helped|hurt] by [demand for|prices of] {product}.",
              "{full1}, the {role1}, said the [company|group] [expected|planned] to [open|close|expand] [a plant|a warehouse|an office] in {place2} by {year2}.",
              "Shares in {company} [rose|fell|jumped|slid] {pct2} percent [in early trading|by midday|on the news], [valuing the company at|giving it a market value of] {money}.",
              "{full2}, an {role2}, said the [results|plans] [showed|suggested] the [company|group] was [winning|losing] [market share|customers] to [rivals|foreign competitors].",
              "The [company|group] [employs|has] about {big} [people|staff] [in {place}|worldwide] and [raised|kept|cut] its [forecast|outlook] for the year."],
        products=["solar panels", "frozen food", "medical devices", "steel pipes", "electric buses", "fertiliser", "software", "paper"]),
    "diplomacy": dict(
        org="the {country} foreign ministry", roles=["foreign minister", "prime minister", "ambassador", "government spokesman", "president"],
        titles=["{country} [ready|willing|refuses] to [talk|negotiate] with {country2}, [minister|envoy] says", "{surname1} [warns|tells] {country2} over [border|trade|troops]"],
        leads=["{country}'s {role1} {full1} said on {day} that [his|her] country was [ready|willing|not ready] to [resume|start|hold] talks with {country2} if [its|their] [interests|security concerns] were [respected|taken into account].",
               "[Relations|Ties] between {country} and {country2} [worsened|improved|cooled] on {day} after {full1}, the {role1}, [accused|criticised|praised] {country2} [over|for] [its|the] [border|trade|energy] [policy|dispute]."],
        body=["{surname1} [spoke|was speaking] at a press conference [after|following] a [meeting|summit] of [foreign ministers|the regional council|the security forum] in {place}.",
              "{full2}, the {role2} of {country2}, [rejected|dismissed|welcomed] the [remarks|offer|conditions] and said [talks|negotiations] could only [start|resume] [without conditions|after a ceasefire|once troops withdraw].",
              "\u201c[We will not return to|Nobody wants] [the old rules|a new arms race|more sanctions],\u201d {surname1} said. \u201c[But|And] [the door|our door] [remains open|is not closed].\u201d",
              "The two countries [signed|discussed|suspended] a [trade|gas|border] [agreement|deal|treaty] worth {money} in {year}, [which|that] [expires|ended|is under review] in {year2}.",
              "[Diplomats|Analysts] said the [statement|remarks] [signalled|suggested] a [shift|turn] [towards|away from] [Asia|Europe|the region] in {country}'s [foreign|economic] policy."],
        countries=["Norvania", "Estrava", "Kalmyria", "Dorvenia", "Ostmark", "Valtessa", "Brunland", "Serevia", "Lothmark", "Quelaria"]),
    "health": dict(
        org="the {place} health service", roles=["health minister", "hospital director", "chief medical officer", "patients' group spokeswoman", "epidemiologist"],
        titles=["{place} [hospital|clinic] waiting lists [hit|reach] {big}", "[Outbreak|Cases] of {illness} [rise|spread] in {place}"],
        leads=["[Health officials|The health ministry] in {place} [reported|confirmed] {n} new cases of {illness} on {day}, [bringing|taking] the total since {month} to {big}.",
               "Waiting lists at [hospitals|clinics] in {place} [reached|rose to|hit] {big} [patients|people] in {month}, [the highest|a record|up {pct} percent] [since records began|in {k} years]."],
        body=["{full1}, the {role1}, said [hospitals|clinics] had [enough|too few] [beds|staff|vaccines] and [urged|asked] [people|residents] to [wash hands|stay home when ill|get vaccinated].",
              "[Most|About {pct2} percent] of the [cases|patients] were [children|elderly people|in care homes], and {k} [people|patients] had died, [officials said|the ministry said].",
              "{full2}, a {role2}, said the [figures|numbers] [showed|proved] [years of|the cost of] [underfunding|staff shortages|closed wards] and [called|asked] for {money} in [extra funding|new money].",
              "The [ministry|government] [promised|pledged] to [open|build|reopen] {k} [wards|clinics|health centres] in {place} by {year2}."],
        illnesses=["measles", "influenza", "norovirus", "whooping cough", "dengue fever", "legionnaires' disease"]),
}

# Sentences any story may use: quotes, reactions, background. Slots as above; {topic} names the story.
_GENERIC = [
    "\u201c[We will|We must|We are going to] [learn the lessons|look at every detail|act quickly] [of|from|on] this,\u201d {surname1} [said|told reporters|added] [on {day}|in {place}|later]. \u201c[People|Our members|Residents] [deserve|want|need] [answers|clarity|a plan].\u201d",
    "[In a statement|Speaking to {outlet}|In an interview], {full2} said [it was|this was] [too early|premature|not the moment] to [draw conclusions|say more|speculate] about the {topic}.",
    "The [opposition|council|committee] [called for|demanded|asked for] [an inquiry|a hearing|a full report] and accused [officials|the company|the government] of [moving too slowly|keeping the public in the dark|ignoring warnings] [since|from] {month}.",
    "[Local|Regional] [newspapers|media|broadcasters] [reported|said] that [about|nearly|more than] {n} [complaints|letters|calls] had [reached|been sent to] [the council|the ministry|the company] [by|since] {day}.",
    "[Figures|Data] [published|released] by the [statistics office|ministry|agency] on {day} [showed|suggested] a [rise|fall|change] of {pct} percent [compared with|from|against] {month}.",
    "{full3}, [a professor at|a researcher at|a lecturer at] the University of {place2}, said the {topic} [reflected|showed|was part of] [a wider trend|years of neglect|a broader problem] [across|in] the region.",
    "[Asked|Pressed] [whether|if] [more|further] [steps|measures|changes] would [follow|come], {surname2} [declined to comment|said only that work was continuing|did not answer directly].",
    "[The next|A further] [meeting|hearing|review] [is|was] [scheduled|planned|due] for {day}, {date_words}, [officials said|according to the agenda|the office said].",
    "[Around|About|Some] {n} [people|protesters|residents] [gathered|marched|met] [outside|near|in front of] the {building} [on {day}|in the evening|that afternoon] [to|and] [demand|ask for|call for] [action|change|a response].",
    "[Critics|Campaigners|Experts] [warned|said|argued] the {topic} could cost [the region|taxpayers|the economy] about {money} over {k} years.",
    "{surname1} has [worked for|been with|advised] {organisation} since {year} and was [previously|formerly|once] [a lawyer|an engineer|a banker|a teacher|a journalist] in {place2}.",
    "[The|This] {topic} [comes|came] [weeks|months|days] after [a similar|a smaller|an earlier] [case|incident|dispute] in {place2}, [where|in which] {n} [people|workers|households] were [affected|involved].",
    "[Officials|Spokespeople] [at|for] {organisation} [did not respond to requests for comment|could not be reached on {day}|declined to comment by the time of publication].",
    "[According to|Citing] [people familiar with the matter|documents seen by {outlet}|internal emails], [the decision|the plan|the report] was [discussed|drafted|approved] [as early as|in] {month} {year}.",
    "{full2} said [she|he] [expected|hoped|feared] the {topic} would [remain|stay|become] [a key issue|the main issue|a problem] [until|through|beyond] the [end of the year|next election|summer].",
    "\u201c[Nobody|No one] [told us|warned us|asked us] [anything|about this|in advance],\u201d said {full4}, [a resident|a shop owner|a local teacher|a driver] [in {place}|from {place2}], [who|and who] [has lived there|has worked there] for {k} years.",
]


# The bulk of a story: sentences put together from a subject, an action on one of the story's own
# nouns, and when/where/who-says-so, with a choice at every step, so that two stories share few
# word 3-shingles beyond ordinary phrases (as real reports on the same kind of event do).
_NOUNS = {
    "accident": ["the storage hall", "the night shift", "fire crews", "the evacuation", "safety checks", "the sprinkler system",
                 "solvent tanks", "the gas pipeline", "the loading bay", "air quality readings", "the emergency plan", "maintenance records"],
    "rates": ["mortgage costs", "the inflation target", "wage growth", "bond yields", "consumer prices", "the exchange rate",
              "household borrowing", "business investment", "the housing market", "energy bills", "the rate path", "bank lending"],
    "strike": ["the pay offer", "overtime rules", "staff shortages", "the picket lines", "night shifts", "pension contributions",
               "the ballot", "agency staff", "working hours", "the wage freeze", "cancelled services", "the mediation talks"],
    "breach": ["the stolen records", "customer passwords", "the billing platform", "the ransom note", "two-factor logins",
               "the call centre", "encrypted backups", "the security audit", "phishing emails", "the breach notice", "server logs", "card details"],
    "election": ["the second round", "postal ballots", "the coalition talks", "campaign spending", "the recount", "youth turnout",
                 "the council majority", "the tram plan", "local taxes", "polling stations", "the manifesto", "the budget vote"],
    "weather": ["the reservoirs", "groundwater levels", "irrigation quotas", "the river banks", "crop insurance", "the olive harvest",
                "sandbags", "the flood barrier", "drinking water", "pumping stations", "the rainfall record", "livestock feed"],
    "takeover": ["the share sale", "the stadium lease", "season tickets", "the training ground", "club debts", "the transfer budget",
                 "the fit-and-proper test", "the supporters' trust", "broadcast income", "the academy", "the sale agreement", "due diligence"],
    "rail": ["the tunnel boring machine", "the viaduct", "signalling contracts", "the station plans", "ticket forecasts",
             "the cost estimate", "the track bed", "the procurement rules", "steel deliveries", "the opening date", "ground water", "the timetable"],
    "trial": ["the plea deal", "witness statements", "bank transfers", "the zoning permits", "the appeal", "the indictment",
              "the consultancy invoices", "the hearing schedule", "the seized assets", "the defence motion", "court documents", "the sentencing"],
    "business": ["quarterly margins", "the order book", "the new plant", "export sales", "the dividend", "raw material costs",
                 "the share buyback", "job cuts", "the product line", "the bond issue", "factory output", "the annual guidance"],
    "diplomacy": ["the border crossing", "gas transit", "the peace plan", "sanctions relief", "the embassy staff", "troop movements",
                  "the trade corridor", "the prisoner exchange", "security guarantees", "the summit agenda", "visa rules", "the ceasefire line"],
    "health": ["vaccination rates", "hospital beds", "the waiting lists", "intensive care units", "school closures", "testing centres",
               "the vaccine supply", "emergency departments", "nursing homes", "the infection rate", "GP surgeries", "the hygiene rules"],
}
_QUALIFIERS = ["new", "revised", "disputed", "delayed", "original", "latest", "planned", "proposed", "extra", "current", "local",
               "regional", "controversial", "long-awaited", "temporary", "costly", "official", "promised", "unpublished", "second"]
_SUBJECTS = ["{full1}", "{surname1}", "{surname1}", "The {role1}", "{organisation}", "Officials in {place}", "{full2}, the {role2},",
             "{surname2}", "{surname2}", "[A spokeswoman|A spokesman|An adviser] for {organisation}", "{company}", "{full3}",
             "[Several|Some|A group of] [councillors|lawmakers|board members|residents]", "[Inspectors|Auditors|Regulators] in {place}",
             "The [regional|national] government", "[Two|Three] [senior|former] officials", "{full4}", "The mayor of {place}"]
_ACTIONS = [
    "[said|confirmed|announced] that {noun} would be [reviewed|examined|audited] [by|before] {month}",
    "[promised|pledged|vowed] to publish a [report|full account|timeline] on {noun} within {k} weeks",
    "[set aside|earmarked|approved] {money} for {noun} and {noun}",
    "[warned|cautioned] that {noun} [could|might] [worsen|deteriorate|get worse] [without|unless there is] [new money|more staff|a change of course]",
    "[rejected|dismissed|disputed] [claims|reports|suggestions] that {noun} had been [ignored|neglected|played down]",
    "[asked|urged|pressed] {organisation} to [explain|justify|disclose] {noun} [in writing|publicly|by {day}]",
    "[met|held talks with|spoke to] [representatives of|members of|delegates from] {organisation} about {noun}",
    "[described|called] {noun} [as|] [a priority|the main concern|an urgent matter|a serious failure]",
    "[hired|appointed|brought in] [an outside firm|a former judge|independent experts] to [look into|study|assess] {noun}",
    "[cut|raised|doubled|halved] [the budget|spending|funding] for {noun} to {money}",
    "[postponed|delayed|put off] a decision on {noun} until {month}",
    "[published|released|shared] [figures|documents|a letter] showing that {noun} had [risen|fallen|changed] by {pct} percent",
    "[compared|likened] {noun} to [the situation|events|a case] in {place2} in {year}",
    "[has|had] [argued|insisted|maintained] for [months|years|weeks] that {noun} needed [reform|attention|more money]",
    "[questioned|challenged] whether {noun} [met|complied with] [the law|the rules|national standards]",
    "[visited|toured|inspected] [the site|the area|the premises] [and|before] [promised|announcing|pledging] help with {noun}",
    "[signed|agreed|drafted] a [deal|plan|memorandum] on {noun} [worth|costing|valued at] {money}",
    "[estimated|calculated|put] the cost of {noun} at {money}",
    "[criticised|attacked|faulted] the handling of {noun}, [calling it|saying it was] [chaotic|slow|opaque|careless]",
    "[welcomed|praised|backed] the [decision|move|plan] on {noun} but [asked|called] for [more detail|a clear timetable|regular updates]",
    "[ordered|requested|commissioned] [new checks|a fresh review|an independent study] of {noun} [across|in] {k} [districts|regions|sites]",
    "[admitted|acknowledged|conceded] that {noun} had [not been|never been] [fully|properly] [tested|funded|explained]",
    "[pointed to|cited|highlighted] {noun} as [the reason|one reason|the main cause] for the [delay|shortfall|problems]",
    "[filed|lodged|submitted] a [complaint|request|petition] about {noun} with the [ombudsman|authorities|court] in {place2}",
    "[spent|used|borrowed] {money} [on|to cover] {noun} [over the past|in the last] {k} years",
    "[could not|would not|refused to] say how {noun} [would be paid for|had been chosen|was decided]",
    "[leaked|obtained|saw] [an internal memo|a draft report|a confidential letter] on {noun}",
    "[set up|formed|created] a [task force|working group|crisis team] of {n} [experts|staff|volunteers] to handle {noun}",
    "[sold|bought|transferred] a stake of {pct} percent tied to {noun}",
    "[blamed|faulted] [the previous management|earlier governments|a contractor] for {noun}",
    "[expects|hopes|plans] {noun} to be [settled|ready|finished] [by|before the end of] {month} {year2}",
    "[lost|won] a [vote|ruling|court case] over {noun} by {k} votes to {k2}",
    "[received|collected|gathered] more than {big} [signatures|complaints|responses] about {noun}",
    "[raised|lowered|revised] its forecast for {noun} to {pct} percent",
    "[opened|launched|started] a [hotline|website|consultation] for questions about {noun}",
    "[was|had been] [warned|told|briefed] about {noun} as early as {month} {year}",
    "[travelled|flew|went] to {place2} for [talks|meetings|a conference] on {noun}",
    "[declined|refused] to [release|publish|share] {noun} [citing|pointing to] [privacy|legal advice|an ongoing inquiry]",
    "[ruled out|did not rule out|would consider] [new rules|a ban|extra charges] on {noun}",
    "[doubled|tripled|increased] the number of [inspectors|staff|checks] [dealing with|assigned to] {noun} to {n}",
    "[linked|tied|connected] {noun} to [rising costs|a shortage of staff|the weather|an old dispute] in {place2}",
    "[apologised|said sorry] for [delays|mistakes|confusion] over {noun} [in a video|at a briefing|in an open letter]",
    "[sent|wrote] a letter to [every household|the minister|all members] about {noun}",
    "[named|chose|appointed] {full4} to [oversee|lead|manage] {noun}",
    "[repeated|stressed|reiterated] that {noun} [remained|was still] [under control|a priority|safe]",
    "[called|described] the figures on {noun} [misleading|incomplete|encouraging|alarming]",
    "[was|had been] [studying|reviewing|monitoring] {noun} [since|from] {year} [with|alongside] [a team of|about] {n} [researchers|staff|officials]",
    "[withdrew|dropped|scrapped] [a proposal|plans|a demand] on {noun} [after|following] [protests|objections|legal advice]",
    "[projected|forecast] that {noun} would [cost|save|bring in] {money} [a year|by {year2}|over {k} years]",
]
_WHEN = ["on {day}", "last week", "earlier this month", "in {month}", "on {day} evening", "this week", "late last year",
         "at a meeting on {day}", "in a letter dated {date_words}", "after talks on {day}", "", "", "", "on {date_words}",
         "[two|three|four] days ago", "in early {month}", "in late {month}", "at the end of {month}", "before the {day} deadline",
         "during a visit to {place2}", "in a radio interview", "on {day} morning", "at a briefing on {day}", "in {month} {year}"]
_TAIL = ["", "", "", "", "", ", {outlet} reported", ", according to [a statement|minutes seen by {outlet}|a person present|{full3}]",
         ", [he|she] said", ", [officials|sources|aides] said", " in {place}", " in {place2}", ", [the statement|the letter|the filing] said",
         ", [reports|records|figures] show", ", {surname2} [added|noted|claimed]"]


def _fact(rng: random.Random, slots: "_Slots", style: tuple[list[str], ...]) -> str:
    subjects, actions, when, tail = style
    text = f"{rng.choice(subjects)} {rng.choice(actions)} {rng.choice(when)}{rng.choice(tail)}."
    return re.sub(r"\s+([,.])", r"\1", re.sub(r"\s{2,}", " ", _fill(rng, text, slots)))


class _Slots(dict):
    """Article-wide slots, and fresh figures, days and months on every use of {n}, {pct}, {money}, ..."""

    def __init__(self, rng: random.Random, fixed: dict):
        super().__init__(fixed)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        r = self.rng
        fresh = {
            "n": lambda: str(r.randint(3, 240)), "k": lambda: str(r.randint(2, 9)), "k2": lambda: str(r.randint(1, 4)),
            "big": lambda: f"{r.randint(2, 98) * 100 + r.choice([0, 50]):,}", "bigm": lambda: f"{r.randint(11, 95) / 10:.1f}",
            "pct": lambda: f"{r.randint(5, 120) / 10:.1f}", "pct2": lambda: f"{r.randint(5, 120) / 10:.1f}", "pct3": lambda: str(r.randint(18, 72)),
            "money": lambda: f"{r.randint(12, 990) / 10:.1f} {r.choice(['million', 'million', 'billion'])} euros",
            "money_small": lambda: f"{r.randint(40, 950) * 1000:,} euros", "day": lambda: r.choice(_DAY_NAMES),
            "month": lambda: r.choice(_MONTH_NAMES), "year": lambda: str(r.randint(1998, 2022)), "year2": lambda: str(r.randint(2026, 2034)),
            "hour": lambda: f"{r.randint(1, 11)}.{r.choice(['05', '15', '20', '30', '40', '45', '50'])} {r.choice(['a.m.', 'p.m.'])}",
            "ordinal": lambda: r.choice(["third", "seventh", "11th", "14th", "last", "second", "ninth"]),
            "date_words": lambda: f"{r.randint(1, 28)} {r.choice(_MONTH_NAMES)}",
        }
        if key in fresh:
            return fresh[key]()
        if key == "noun":  # the story's nouns, sometimes qualified, so stories on one topic still word them apart
            noun = r.choice(self["nouns"])
            bare = noun[4:] if noun.startswith("the ") else noun
            roll = r.random()
            if roll < 0.25:
                return f"the {r.choice(_QUALIFIERS)} {bare}"
            if roll < 0.45:
                return f"{self['place']}'s {bare}"
            return noun
        raise KeyError(key)


_CHOICE = re.compile(r"\[([^\[\]]*)\]")


def _fill(rng: random.Random, template: str, slots: _Slots) -> str:
    text = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    text = text.format_map(slots)
    text = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), text)  # alternatives inside a slot's value
    return text[0].upper() + text[1:]


def _invented(rng: random.Random, pool_a=_SYLLABLE_A, pool_b=_SYLLABLE_B) -> str:
    while True:
        name = rng.choice(pool_a) + rng.choice(pool_b)
        if name not in _RESERVED:
            return name


def varied_article(rng: random.Random, words: int) -> tuple[str, dict]:
    """(text, metadata) of one invented news story of about `words` words, with title, outlet, date, url and author."""
    kind = rng.choice(sorted(_STORIES))
    spec = _STORIES[kind]
    people = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(4)]
    roles = rng.sample(spec["roles"], 2)
    place, place2 = _invented(rng), _invented(rng)
    company = f"{_invented(rng)} {rng.choice(_SECTORS)}"
    outlet, domain = rng.choice(_OUTLETS)
    date = f"{rng.randint(2023, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    fixed = {
        "place": place, "place2": place2, "company": company, "outlet": outlet,
        "full1": people[0], "full2": people[1], "full3": people[2], "full4": people[3],
        "surname1": people[0].split()[-1], "surname2": people[1].split()[-1],
        "role1": roles[0], "role2": roles[1],
        "thing": rng.choice(spec.get("things", ["site"])), "disaster": rng.choice(spec.get("disasters", ["incident"])),
        "workers": rng.choice(spec.get("workers", ["workers"])), "building": rng.choice(spec.get("buildings", ["town hall", "ministry"])),
        "gang": rng.choice(spec.get("gangs", ["an unknown group"])), "party": rng.choice(spec.get("parties", ["People's Party"])),
        "party2": rng.choice(spec.get("parties", ["Civic Alliance"])), "club": f"{place} {rng.choice(spec.get('clubs', ['United']))}",
        "product": rng.choice(spec.get("products", ["goods"])), "illness": rng.choice(spec.get("illnesses", ["influenza"])),
        "country": rng.choice(spec.get("countries", ["Norvania"])), "country2": rng.choice(spec.get("countries", ["Estrava"])),
    }
    slots = _Slots(rng, fixed)
    slots["organisation"] = spec["org"].format_map(slots)
    slots["nouns"] = _NOUNS[kind]
    slots["topic"] = {"accident": "[disaster|accident]", "rates": "[rate decision|inflation debate]", "strike": "[strike|pay dispute]",
                      "breach": "[data breach|cyber attack]", "election": "[election|vote]", "weather": "[drought|water shortage]",
                      "takeover": "[takeover|sale]", "rail": "[project|cost overrun]", "trial": "[case|bribery scandal]",
                      "business": "[restructuring|results]", "diplomacy": "[dispute|talks]", "health": "[outbreak|health crisis]"}[kind]
    title = _fill(rng, rng.choice(spec["titles"]), slots)
    dateline = f"{place.upper()}, {_MONTH_NAMES[int(date[5:7]) - 1][:3]} {int(date[8:])} - "
    sentences = [dateline + _fill(rng, rng.choice(spec["leads"]), slots)]
    # A few of the topic's own sentences and of the common ones, the rest from the grammar, shuffled.
    templates = rng.sample(spec["body"], rng.randint(2, 4)) + rng.sample(_GENERIC, rng.randint(1, 3))
    rng.shuffle(templates)
    # Each story its own turns of phrase: a share of the grammar's subjects, actions, times and attributions.
    style = tuple(rng.sample(pool, max(3, len(pool) * 2 // 5)) for pool in (_SUBJECTS, _ACTIONS, _WHEN, _TAIL))
    count = len(sentences[0].split())
    while count < words:
        sentence = _fill(rng, templates.pop(), slots) if templates and rng.random() < 0.4 else _fact(rng, slots, style)
        sentences.append(sentence)
        count += len(sentence.split())
    paragraphs, i = [], 0
    while i < len(sentences):
        take = 1 if i == 0 else rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[i : i + take]))
        i += take
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    meta = {"title": title, "source": outlet, "date": date, "url": f"https://{domain}.example/{date.replace('-', '/')}/{slug}",
            "author": rng.choice(_FIRST) + " " + rng.choice(_LAST)}
    return "\n\n".join(paragraphs), meta


def varied_articles(n: int, seed: int = 13) -> list[tuple[str, dict]]:
    """n invented news stories of 250 to 900 words, each with its own entities, figures, outlet and date."""
    rng = random.Random(seed)
    return [varied_article(rng, rng.randint(250, 900)) for _ in range(n)]

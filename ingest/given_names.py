"""Common given names whose bearers are, in news, nearly always women or nearly always men.

Used by `ingest.speakers` to keep "he said" from landing on a woman and "she said" on a man when the
article itself has not shown the person's gender yet. General knowledge, not taken from any article:
frequent first names across English, Romance, Germanic, Nordic, Slavic, Greek, Turkish, Arabic and
Persian naming. Names given to both women and men (Alex, Andrea, Jean, Kim, Robin, Sasha, Nicola,
Dana, Jordan, Jamie, ...) are left out on purpose: an unknown gender is safer than a wrong one.
Lookups are accent-insensitive and case-insensitive (`gender_of_given_name`).
"""

from __future__ import annotations

import unicodedata

_FEMALE = """
abigail ada adela adele adriana agata agatha agnes agnieszka aida aisha alba aleksandra alessandra
alexandra alice alicia alina alison allison alma amanda amara amelia amina amy ana anastasia
anca anett angela angelika angelina anita anja ann anna anne anneli annette annika antje antonia
ariadna astrid aurelia aurora ayesha aylin barbara beata beatrice beatriz belinda berit bettina
bianca birgit birgitta blanca brenda bridget brigitte britta camila carina carla carlota carmen
carol carolina caroline cassandra catalina catarina caterina catherine cecilia celia charlotte
chiara christa christina christine cinzia clara claudia colette constance cora cornelia cristina
dagmar daniela daphne daria deborah delia denise diana dolores donna dora doris dorota dorothea
dorothy edith edyta ekaterina elaine eleanor elena eleni elif elisa elisabeth elise eliza elizabeth
ella ellen elodie eloise elsa elsie elzbieta emilia emily emine emma erika esra estelle esther
eszter eva evelyn ewa fatima fatma federica fernanda fiona florence francesca francine franziska
freya frida gabriela gabrielle gemma georgina gertrud gillian gina giovanna giulia gloria grace
greta gudrun gwen hanna hannah harriet hatice heather hedda heidi helen helena helene helga
henrietta hilda hilde hillary ida ilona ilse ines ingeborg ingrid irena irene irina iris isabel
isabella isabelle ivana jacqueline jana jane janet janina janine jasmin jasmine jeanette jeanne
jelena jennifer jessica jill joanna joanne johanna josefina josephine joyce judit judith julia
juliane julie juliet justyna karen karin karina karla katalin katarina katarzyna kate katharina
katherine kathleen kathrin katja katrin kerstin kirsten klara kristin kristina ksenia lara larissa
laura lea leila lena leonie liesbeth lilian liliana lina linda linnea lisa liv lorena lorraine
louise lucia lucie lucy lucía ludmila luisa lydia madeleine magda magdalena maja malgorzata
manon manuela marcela margaret margarita margit margot maria mariam mariana marianne marie marina
marion marisa marit marja marjorie marta martha martina mary maryam matilda maya megan melanie
melissa mercedes merve mia michaela michelle milena mina miriam mira monica monika nadia nadine
nadja nancy naomi natalia natalie natalya natasha nathalie nina noemi nora olga olivia paola
patricia paula paulina pauline petra pia pilar polly priya rachel rebecca regina renata renate
rita roberta rosa rosalind rosemary roxana ruth sabine sabrina sandra sara sarah selin serena
shirin silke silvia simona sofia sofie solveig sonia sonja sophie stefania stefanie stella susan
susanne suzanne svetlana sylvia tamara tanja tatiana tatjana teresa theresa tina ursula valentina
valeria valerie vanessa anouk femke sanne lotte marieke annelies vera veronica veronika victoria viktoria viola violeta virginia
wanda wendy wilhelmina yasmin yelena yvonne zainab zeynep zofia zoe zora zuzana
"""

_MALE = """
aaron abdul abdullah adam adrian ahmad ahmed ahmet alain alan albert alberto aleksandar aleksander
aleksei alessandro alexander alexandre alexei alfonso alfred alfredo ali alonso alvaro amir anders
andre andreas andrei andrej andres andrew andrzej angelo anton antonio arne arnaud arthur axel
ben benedikt benjamin bernard bernd bjorn bogdan boris brian bruno burak carl carlo carlos carsten
cem charles christian christoph christopher claus colin conor craig cristian daniel darius david
denis dennis derek dieter diego dimitri dimitris dmitri dmitry dominik donald douglas duncan
edward eduardo emil emilio emmanuel enrico enrique eric erik ernst esteban etienne eugene evan fabio
federico felipe felix fernando filip florian francesco francis francisco frank franz fred frederik
friedrich gareth gary geoffrey georg george georgios gerard gerhard giorgio giovanni giuseppe gordon
graham grant gregor gregory guillaume gunnar gustav hakan hamid hans harald harold harry hassan
heinrich heinz helmut henri henrik henry herbert hugo hussein ian igor ibrahim ivan jack jacob
jakob james jan janusz jason javier jens jeremy jesus joachim joao joaquim joaquin johan johann
johannes john jonas jonathan jorge jose josef joseph juan julian julien jurgen kamil karl karim
kenneth kevin klaus konrad konstantin kurt lars laurent leon leonardo leonid lorenzo louis luca
lucas ludwig luis lukas lukasz magnus mahmoud malcolm manuel marc marcel marco marcus marek mario
mark marko martin mateo matteo matthew matthias maurice max maxim michael michal miguel mikhail
milan mohamed mohammad mohammed muhammad mustafa nathan neil nicholas niklas nikolai nikolaos
nikolay nils norbert olaf oleg oliver olivier omar oscar oskar otto owen pablo patrick paul paulo
pavel pedro per peter petr pieter jeroen sander bram koen joost wouter maarten ruud dirk willem henk philip philippe pierre piotr rafael rainer ralf ramon raul raymond
reza ricardo richard robert roberto rodrigo roger roman ronald rudolf rui ryszard salvador samuel
sandro scott sean sebastian sergei sergey sergio simon stanislav stefan stefano stephen steven
stuart sven tariq terry thomas thorsten tim timothy tobias tomas tomasz tom tommaso tony torsten
ulrich uwe vasily viktor vincent vincenzo vladimir walter werner wilhelm william wolfgang xavier
yannick yaroslav yiannis yuri yusuf zbigniew
"""


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


FEMALE = frozenset(_fold(n) for n in _FEMALE.split())
MALE = frozenset(_fold(n) for n in _MALE.split())


def gender_of_given_name(name: str) -> str:
    """The gender a given name shows: "f", "m" or "" (not a name we know, or one given to both)."""
    key = _fold(name)
    if key in FEMALE and key not in MALE:
        return "f"
    if key in MALE and key not in FEMALE:
        return "m"
    return ""

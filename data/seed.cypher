// relq seed graph: the actors of one news article and what they do to each other.
//
// Article: "Putin proposes to conclude the Russia-US pact to end the election interference."
// Source identifier on every relationship: article:us-russia-election-interference-2020
//
// One fact per statement; the comment line above each statement names the fact.
// Every `quote` is a whole sentence of the article, character for character (curly quotes,
// and the no-break space after "Previously," are part of the text). See data/README.md.

// ---------------------------------------------------------------- actors: countries

// Russia: country, also called Kremlin and the Russians
CREATE (n:Actor:Country {name: 'Russia', kind: 'country', aliases: ['Kremlin', 'the Russians']});

// United States: country, also called the U.S., US and America
CREATE (n:Actor:Country {name: 'United States', kind: 'country', aliases: ['the U.S.', 'US', 'America']});

// United Kingdom: country, also called Britain
CREATE (n:Actor:Country {name: 'United Kingdom', kind: 'country', aliases: ['Britain']});

// Germany: country
CREATE (n:Actor:Country {name: 'Germany', kind: 'country', aliases: []});

// ---------------------------------------------------------------- actors: organisations

// FBI: organisation
CREATE (n:Actor:Organization {name: 'FBI', kind: 'organization', aliases: []});

// ---------------------------------------------------------------- actors: groups

// western countries: group of countries that accuse Russia of directing cyber attacks
CREATE (n:Actor:Group {name: 'western countries', kind: 'group', aliases: []});

// western leaders: group that Russia accuses of a disinformation campaign
CREATE (n:Actor:Group {name: 'western leaders', kind: 'group', aliases: ['the western leaders']});

// ---------------------------------------------------------------- actors: people

// Vladimir Putin: person, also called Putin (the article gives no title)
CREATE (n:Actor:Person {name: 'Vladimir Putin', kind: 'person', aliases: ['Putin']});

// Sergei Lavrov: person, Foreign Minister
CREATE (n:Actor:Person {name: 'Sergei Lavrov', kind: 'person', aliases: [], title: 'Foreign Minister'});

// Christopher Wray: person, FBI director, also called Christopher
CREATE (n:Actor:Person {name: 'Christopher Wray', kind: 'person', aliases: ['Christopher'], title: 'FBI director'});

// Angela Merkel: person, German Chancellor
CREATE (n:Actor:Person {name: 'Angela Merkel', kind: 'person', aliases: [], title: 'German Chancellor'});

// ---------------------------------------------------------------- accusations against Russia

// FBI ACCUSES Russia of interfering in the 2020 election (via Christopher Wray)
MATCH (a:Actor {name: 'FBI'}), (b:Actor {name: 'Russia'})
CREATE (a)-[:ACCUSES {
  allegation: 'interference in the 2020 U.S. election',
  via: 'Christopher Wray',
  year: 2020,
  election_year: 2020,
  quote: 'The news comes after the FBI director Christopher Wray accused Russia of interfering in the elections 2020.',
  context: 'Christopher said Russia has been ‘very inactive’ to influence the upcoming elections and that their prime target is to ‘denigrate’ the Democratic nominee Joe Biden.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// United States ACCUSES Russia of interfering in the 2016 elections (via U.S. intelligence)
MATCH (a:Actor {name: 'United States'}), (b:Actor {name: 'Russia'})
CREATE (a)-[:ACCUSES {
  allegation: 'interference in the 2016 elections',
  via: 'U.S. intelligence',
  election_year: 2016,
  quote: 'Previously,  it had accused Kremlin of interfering in the elections in 2016.',
  context: 'But, this is not the first time the U.S. intelligence has leveled such claims against Russia.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// United States ACCUSES Russia of covert attacks to put Donald Trump in the White House (via the U.S. intelligence committee, 2017)
MATCH (a:Actor {name: 'United States'}), (b:Actor {name: 'Russia'})
CREATE (a)-[:ACCUSES {
  allegation: 'covert attacks to put Donald Trump in the White House',
  via: 'U.S. intelligence committee',
  year: 2017,
  quote: 'A year later, in 2017, the U.S. intelligence committee concluded that Russia conducted covert attacks to put Donald Trump in the White House.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// United Kingdom ACCUSES Russia of hacking attacks to steal COVID-19 vaccine information
MATCH (a:Actor {name: 'United Kingdom'}), (b:Actor {name: 'Russia'})
CREATE (a)-[:ACCUSES {
  allegation: 'attacks by hackers reportedly connected with Russia to steal information about the COVID-19 vaccine',
  quote: 'Lately, Britain claimed that a group of hackers reportedly connected with Russia conducted attacks to steal information about the COVID-19 vaccine.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// Germany ACCUSES Russia of hacking attacks targeting Angela Merkel (via Angela Merkel, May 2020)
MATCH (a:Actor {name: 'Germany'}), (b:Actor {name: 'Russia'})
CREATE (a)-[:ACCUSES {
  allegation: 'hacking attacks targeting Angela Merkel and spying attempts',
  via: 'Angela Merkel',
  date: date('2020-05'),
  date_basis: 'month stated (the date is its first day); year from the 2020 context',
  quote: 'German Chancellor Angela Merkel revealed in May that Russia had targeted her in hacking attacks and concrete proof of the “outrageous” spying attempts.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// western countries ACCUSE Russia of directing cyber attacks
MATCH (a:Actor {name: 'western countries'}), (b:Actor {name: 'Russia'})
CREATE (a)-[:ACCUSES {
  allegation: 'directing cyber attacks',
  quote: 'Besides America, western countries have also accused Kremlin of directing cyber attacks.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// ---------------------------------------------------------------- Russia's denials, one per accuser

// Russia DENIES the accusations of FBI
MATCH (a:Actor {name: 'Russia'}), (b:Actor {name: 'FBI'})
CREATE (a)-[:DENIES {
  allegation: 'interference in the 2020 U.S. election',
  quote: 'But, Russia denied all the allegations.',
  context: 'It responded that these accusations are baseless, and the western leaders have launched a disinformation campaign against Kremlin.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// Russia DENIES the accusations of United States
MATCH (a:Actor {name: 'Russia'}), (b:Actor {name: 'United States'})
CREATE (a)-[:DENIES {
  allegation: 'interference in the 2016 elections; covert attacks to put Donald Trump in the White House',
  quote: 'But, Russia denied all the allegations.',
  context: 'It responded that these accusations are baseless, and the western leaders have launched a disinformation campaign against Kremlin.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// Russia DENIES the accusations of United Kingdom
MATCH (a:Actor {name: 'Russia'}), (b:Actor {name: 'United Kingdom'})
CREATE (a)-[:DENIES {
  allegation: 'attacks by hackers reportedly connected with Russia to steal information about the COVID-19 vaccine',
  quote: 'But, Russia denied all the allegations.',
  context: 'It responded that these accusations are baseless, and the western leaders have launched a disinformation campaign against Kremlin.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// Russia DENIES the accusations of Germany
MATCH (a:Actor {name: 'Russia'}), (b:Actor {name: 'Germany'})
CREATE (a)-[:DENIES {
  allegation: 'hacking attacks targeting Angela Merkel and spying attempts',
  quote: 'But, Russia denied all the allegations.',
  context: 'It responded that these accusations are baseless, and the western leaders have launched a disinformation campaign against Kremlin.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// Russia DENIES the accusations of western countries
MATCH (a:Actor {name: 'Russia'}), (b:Actor {name: 'western countries'})
CREATE (a)-[:DENIES {
  allegation: 'directing cyber attacks',
  quote: 'But, Russia denied all the allegations.',
  context: 'It responded that these accusations are baseless, and the western leaders have launched a disinformation campaign against Kremlin.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// ---------------------------------------------------------------- Russia's counter-accusation

// Russia ACCUSES the western leaders of a disinformation campaign against it
MATCH (a:Actor {name: 'Russia'}), (b:Actor {name: 'western leaders'})
CREATE (a)-[:ACCUSES {
  allegation: 'launching a disinformation campaign against Russia',
  quote: 'It responded that these accusations are baseless, and the western leaders have launched a disinformation campaign against Kremlin.',
  context: 'But, Russia denied all the allegations.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// ---------------------------------------------------------------- Russia's proposals to the United States

// Russia PROPOSES to the United States a pact of mutual non-interference in elections (via Vladimir Putin, read by Sergei Lavrov)
MATCH (a:Actor {name: 'Russia'}), (b:Actor {name: 'United States'})
CREATE (a)-[:PROPOSES {
  topic: 'pact of mutual non-interference in elections and internal affairs',
  via: 'Vladimir Putin',
  read_by: 'Sergei Lavrov',
  quote: 'Before the U.S. presidential elections 2020, Putin proposes to conclude a pact between the U.S. and Russia that prevents each country from meddling the vote in the other.',
  context: 'He suggested the pact to ‘guarantee’ the “non-interference in each other’s internal affairs and electoral processes, including using information and communication technologies and high-tech methods.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// Russia PROPOSES to the United States a program of practical measures to reset (via Vladimir Putin, read by Sergei Lavrov)
MATCH (a:Actor {name: 'Russia'}), (b:Actor {name: 'United States'})
CREATE (a)-[:PROPOSES {
  topic: 'comprehensive program of practical measures to reset',
  via: 'Vladimir Putin',
  read_by: 'Sergei Lavrov',
  quote: 'We would like to once again appeal to the United States with a proposal to approve a comprehensive program of practical measures to reset',
  context: 'He suggested the pact to ‘guarantee’ the “non-interference in each other’s internal affairs and electoral processes, including using information and communication technologies and high-tech methods.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// ---------------------------------------------------------------- roles

// Vladimir Putin LEADS Russia (he proposes a pact on Russia's behalf; the article gives no title)
MATCH (a:Actor {name: 'Vladimir Putin'}), (b:Actor {name: 'Russia'})
CREATE (a)-[:LEADS {
  topic: 'acts for Russia; title not stated',
  quote: 'Before the U.S. presidential elections 2020, Putin proposes to conclude a pact between the U.S. and Russia that prevents each country from meddling the vote in the other.',
  context: 'In a statement read by Foreign Minister Sergei Lavrov, Vladimir Putin said, “One of today’s major strategic challenges is the risk of a large-scale confrontation in the digital field.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// Sergei Lavrov MEMBER_OF Russia (Foreign Minister, reads Putin's statement)
MATCH (a:Actor {name: 'Sergei Lavrov'}), (b:Actor {name: 'Russia'})
CREATE (a)-[:MEMBER_OF {
  topic: 'Foreign Minister',
  quote: 'In a statement read by Foreign Minister Sergei Lavrov, Vladimir Putin said, “One of today’s major strategic challenges is the risk of a large-scale confrontation in the digital field.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// Christopher Wray LEADS FBI (FBI director)
MATCH (a:Actor {name: 'Christopher Wray'}), (b:Actor {name: 'FBI'})
CREATE (a)-[:LEADS {
  topic: 'FBI director',
  quote: 'The news comes after the FBI director Christopher Wray accused Russia of interfering in the elections 2020.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// Angela Merkel LEADS Germany (German Chancellor)
MATCH (a:Actor {name: 'Angela Merkel'}), (b:Actor {name: 'Germany'})
CREATE (a)-[:LEADS {
  topic: 'German Chancellor',
  quote: 'German Chancellor Angela Merkel revealed in May that Russia had targeted her in hacking attacks and concrete proof of the “outrageous” spying attempts.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

// FBI PART_OF United States (the FBI's claims are counted as the U.S. intelligence's)
MATCH (a:Actor {name: 'FBI'}), (b:Actor {name: 'United States'})
CREATE (a)-[:PART_OF {
  topic: 'U.S. intelligence',
  quote: 'But, this is not the first time the U.S. intelligence has leveled such claims against Russia.',
  context: 'The news comes after the FBI director Christopher Wray accused Russia of interfering in the elections 2020.',
  source: 'article:us-russia-election-interference-2020'
}]->(b);

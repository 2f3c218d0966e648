// normalize(): the string in a Unicode normal form, NFC unless another is given (a keyword, as
// Neo4j writes it, or a string); null in, null out. First the Neo4j manual's examples.
RETURN normalize('\u212B') = '\u00C5' AS angstrom, normalize('\uFE64', NFKC) = '\u003C' AS less_than;
// The four forms of U+03D3 (Greek upsilon with acute and hook symbol), as the manual gives them.
RETURN normalize('\u03D3', NFC) = '\u03D3' AS nfc, normalize('\u03D3', NFD) = '\u03D2\u0301' AS nfd,
       normalize('\u03D3', NFKC) = '\u038E' AS nfkc, normalize('\u03D3', NFKD) = '\u03A5\u0301' AS nfkd;
// The form as a string, from a variable, or as a keyword in any letter case; a decomposed e and
// its accent compose into one character; the ligature fi is two letters under compatibility.
WITH 'NFKD' AS form
RETURN size(normalize('\uFB01', form)) AS ligature_letters, normalize('\uFB01', 'NFKC') AS fi,
       size(normalize('e\u0301', nfc)) AS composed, size(normalize('\u00E9', Nfd)) AS decomposed,
       normalize('\uFB01') = '\uFB01' AS nfc_keeps_ligature;
// Null in, null out: the string or the form (checked before the form's name).
RETURN normalize(null) AS a, normalize(null, NFD) AS b, normalize('x', null) AS c, normalize(null, 'NFQ') AS d;
// IS [NOT] [NFC | NFD | NFKC | NFKD] NORMALIZED: NFC unless another form is named; null on null
// and on any value that is not a string.
RETURN 'e\u0301' IS NORMALIZED AS decomposed_nfc, 'e\u0301' IS NFD NORMALIZED AS decomposed_nfd,
       '\u00E9' IS NOT NORMALIZED AS composed_not_nfc, '\uFB01' IS NFKC NORMALIZED AS ligature_nfkc,
       '\uFB01' IS NOT nfkd NORMALIZED AS ligature_not_nfkd, 'abc' IS NFKD NORMALIZED AS ascii;
RETURN 1 IS NORMALIZED AS integer, null IS NORMALIZED AS null_value, [] IS NOT NORMALIZED AS list;
// A string normalize() gives is in that form.
UNWIND ['\u212B', 'e\u0301', '\uFB01', '\u03D3'] AS s
RETURN size(s) AS chars, normalize(s, NFC) IS NFC NORMALIZED AS nfc, normalize(s, NFD) IS NFD NORMALIZED AS nfd,
       normalize(s, NFKC) IS NFKC NORMALIZED AS nfkc, normalize(s, NFKD) IS NFKD NORMALIZED AS nfkd;
// Precedence: as IS NULL, tighter than NOT and comparison, looser than `+`; in a comprehension's
// WHERE too.
RETURN NOT 'e\u0301' IS NORMALIZED AS a, 'e' + '\u0301' IS NORMALIZED AS b, 'a' IS NORMALIZED = true AS c,
       [x IN ['a', 'e\u0301', '\u00C5'] WHERE x IS NOT NORMALIZED | size(x)] AS d;
MATCH (a:Actor) WHERE a.name IS NORMALIZED RETURN count(*) AS normalized_names;

// A normal form written as a keyword is one of NFC, NFD, NFKC and NFKD.
RETURN normalize('x', NFQ) AS n;

// ... and removed from nodes only.
UNWIND [2020] AS n REMOVE n:Seen;

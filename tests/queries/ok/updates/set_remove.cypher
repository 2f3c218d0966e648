// graph: empty
CREATE (:P {name: 'p', a: 1, b: 2});
MATCH (p:P) SET p.c = 3, p.a = null RETURN p;
MATCH (p:P) SET p += {d: 4, b: 20} RETURN p;
MATCH (p:P) SET p = {name: 'p', only: true} RETURN p;
MATCH (p:P) SET p:Q:R RETURN labels(p) AS labels;
MATCH (p:P) REMOVE p:Q, p.only RETURN labels(p) AS labels, p;
MATCH (p:P) SET p.list = [1, 2], p.f = 1.5 RETURN p.list AS list, p.f AS f;

// memory: 64M
RETURN range(1, 100000000000) AS huge;

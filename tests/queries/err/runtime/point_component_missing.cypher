WITH point({x: 1, y: 2}) AS p RETURN p.latitude;

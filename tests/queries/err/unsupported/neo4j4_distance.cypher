RETURN distance(point({x: 0, y: 0}), point({x: 3, y: 4})) AS d;

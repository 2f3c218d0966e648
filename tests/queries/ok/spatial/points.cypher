// graph: empty
// Points of each coordinate reference system, made from maps as in Neo4j 5.
RETURN point({x: 2.3, y: 4.5}) AS cartesian, point({x: 1, y: 2, z: 3}) AS cartesian3d, point({longitude: 12.56459, latitude: 55.672874}) AS geographic, point({longitude: 1, latitude: 2, height: 30}) AS geographic3d;
RETURN point({x: 1, y: 2, srid: 4326}) AS by_srid, point({x: 1, y: 2, z: 3, crs: 'WGS-84-3D'}) AS by_name, point({x: 1, y: 2, crs: 'cartesian'}) AS cartesian;
// A null map or a null coordinate gives null.
RETURN point(null) AS a, point({x: 1, y: null}) AS b;
// Components.
WITH point({longitude: 12.5, latitude: 55.6, height: 10}) AS p RETURN p.longitude, p.latitude, p.height, p.x, p.y, p.z, p.crs, p.srid;
WITH point({x: 3, y: 4}) AS p RETURN p.x, p.y, p.crs, p.srid;
// Distances: Pythagoras in Cartesian coordinates; metres on Neo4j's sphere in WGS-84; null across systems.
RETURN point.distance(point({x: 2.3, y: 4.5}), point({x: 1.1, y: 5.4})) AS flat, point.distance(point({x: 0, y: 0, z: 0}), point({x: 1, y: 2, z: 2})) AS flat3d;
RETURN round(point.distance(point({longitude: 12.564590, latitude: 55.672874}), point({longitude: 12.994341, latitude: 55.611784}))) AS copenhagen_malmo;
RETURN point.distance(point({longitude: 0, latitude: 0, height: 0}), point({longitude: 0, latitude: 0, height: 100})) AS straight_up;
RETURN point.distance(point({x: 0, y: 0}), point({longitude: 0, latitude: 0})) AS across, point.distance(null, point({x: 0, y: 0})) AS with_null;
// Bounding boxes: edges included; in WGS-84 a lower-left longitude east of the upper-right one crosses the 180th meridian.
WITH point({x: 0, y: 0}) AS lo, point({x: 10, y: 10}) AS hi RETURN point.withinBBox(point({x: 5, y: 5}), lo, hi) AS inside, point.withinBBox(point({x: 10, y: 10}), lo, hi) AS edge, point.withinBBox(point({x: 11, y: 5}), lo, hi) AS outside;
WITH point({longitude: 170, latitude: -5}) AS lo, point({longitude: -170, latitude: 5}) AS hi RETURN point.withinBBox(point({longitude: 179, latitude: 0}), lo, hi) AS east, point.withinBBox(point({longitude: -175, latitude: 0}), lo, hi) AS west, point.withinBBox(point({longitude: 0, latitude: 0}), lo, hi) AS elsewhere;
RETURN point.withinBBox(point({x: 0, y: 0}), point({longitude: -1, latitude: -1}), point({longitude: 1, latitude: 1})) AS across;
// Equality, grouping, ordering (by system, then coordinates; between paths and temporal values), and their type.
RETURN point({x: 1, y: 2}) = point({x: 1.0, y: 2.0}) AS same, point({x: 1, y: 2}) = point({longitude: 1, latitude: 2}) AS other_system, point({x: 1, y: 2}) < point({x: 2, y: 2}) AS no_order;
UNWIND [point({longitude: 1, latitude: 1}), point({x: 2, y: 0}), point({x: 1, y: 5}), date('2020-01-01'), 'text', point({x: 1, y: 5})] AS v RETURN v, count(*) AS n ORDER BY v;
RETURN valueType(point({x: 1, y: 2})) AS t, point({x: 1, y: 2}) IS :: POINT AS is_point, toString(point({x: 1, y: 2, z: 3})) AS text;
// Points as properties, found by equality.
CREATE (:Place {name: 'Copenhagen', at: point({longitude: 12.56459, latitude: 55.672874})}), (:Place {name: 'Malmo', at: point({longitude: 12.994341, latitude: 55.611784})}), (:Place {name: 'Origin', at: point({x: 0, y: 0}), route: [point({x: 0, y: 0}), point({x: 3, y: 4})]});
MATCH (p:Place {at: point({longitude: 12.56459, latitude: 55.672874})}) RETURN p.name;
MATCH (a:Place), (b:Place) WHERE a.name < b.name AND point.distance(a.at, b.at) IS NOT NULL RETURN a.name, b.name, round(point.distance(a.at, b.at)) AS metres;
MATCH (p:Place {name: 'Origin'}) RETURN p.route, point.distance(p.route[0], p.route[1]) AS leg;

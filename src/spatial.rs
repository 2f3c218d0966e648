//! Points, as Neo4j 5 has them: 2D or 3D, in a Cartesian or a WGS-84 geographic coordinate
//! reference system (CRS). Built by `point({...})`, compared, ordered and hashed as values,
//! stored as properties, measured by `point.distance` and tested by `point.withinBBox`.
//!
//! Knows values and nothing else: no graph, no query.

use std::cmp::Ordering;
use std::fmt;

/// A coordinate reference system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Crs {
    Cartesian,
    Cartesian3D,
    Wgs84,
    Wgs84_3D,
}

/// The radius of the sphere that geographic distances are measured on, in metres (Neo4j's).
pub const EARTH_RADIUS_METERS: f64 = 6_378_140.0;

impl Crs {
    pub const ALL: [Crs; 4] = [Crs::Cartesian, Crs::Cartesian3D, Crs::Wgs84, Crs::Wgs84_3D];

    /// Its name as Neo4j writes it in a point's text and in `p.crs`.
    pub fn name(self) -> &'static str {
        match self {
            Crs::Cartesian => "cartesian",
            Crs::Cartesian3D => "cartesian-3d",
            Crs::Wgs84 => "wgs-84",
            Crs::Wgs84_3D => "wgs-84-3d",
        }
    }

    /// Its EPSG (or Neo4j) code.
    pub fn srid(self) -> i64 {
        match self {
            Crs::Cartesian => 7203,
            Crs::Cartesian3D => 9157,
            Crs::Wgs84 => 4326,
            Crs::Wgs84_3D => 4979,
        }
    }

    pub fn from_srid(srid: i64) -> Option<Crs> {
        Crs::ALL.into_iter().find(|c| c.srid() == srid)
    }

    /// A name in any case; `WGS-84-2D` and `cartesian-2d` are accepted as Neo4j accepts them.
    pub fn from_name(name: &str) -> Option<Crs> {
        let n = name.to_ascii_lowercase();
        match n.as_str() {
            "cartesian-2d" => Some(Crs::Cartesian),
            "wgs-84-2d" => Some(Crs::Wgs84),
            _ => Crs::ALL.into_iter().find(|c| c.name() == n),
        }
    }

    pub fn dimension(self) -> usize {
        match self {
            Crs::Cartesian | Crs::Wgs84 => 2,
            Crs::Cartesian3D | Crs::Wgs84_3D => 3,
        }
    }

    pub fn geographic(self) -> bool {
        matches!(self, Crs::Wgs84 | Crs::Wgs84_3D)
    }

    fn of(geographic: bool, dimension: usize) -> Crs {
        match (geographic, dimension) {
            (false, 2) => Crs::Cartesian,
            (false, _) => Crs::Cartesian3D,
            (true, 2) => Crs::Wgs84,
            (true, _) => Crs::Wgs84_3D,
        }
    }
}

/// A point: its CRS and its coordinates (x, y and, in 3D, z; for a geographic point x is the
/// longitude, y the latitude and z the height in metres). Coordinates are finite.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub crs: Crs,
    coords: [f64; 3],
}

/// A point's map, read: each key with a number, a string or null.
pub enum MapValue<'a> {
    Number(f64),
    Text(&'a str),
    Null,
    Other(&'static str),
}

impl Point {
    /// A point of `crs` with these coordinates (two or three, as the CRS has).
    pub fn new(crs: Crs, coords: &[f64]) -> Result<Point, String> {
        if coords.len() != crs.dimension() {
            return Err(format!(
                "a {} point has {} coordinates, not {}",
                crs.name(),
                crs.dimension(),
                coords.len()
            ));
        }
        if let Some(c) = coords.iter().find(|c| !c.is_finite()) {
            return Err(format!("a point's coordinates are finite numbers, not {c}"));
        }
        if crs.geographic() {
            if !(-90.0..=90.0).contains(&coords[1]) {
                return Err(format!(
                    "a latitude is between -90 and 90 degrees, not {}",
                    crate::graph::format_float(coords[1])
                ));
            }
            if !(-180.0..=180.0).contains(&coords[0]) {
                return Err(format!(
                    "a longitude is between -180 and 180 degrees, not {}",
                    crate::graph::format_float(coords[0])
                ));
            }
        }
        let mut c = [0.0; 3];
        c[..coords.len()].copy_from_slice(coords);
        // -0.0 and 0.0 are one coordinate (they are equal), so that equal points hash alike.
        for v in &mut c {
            if *v == 0.0 {
                *v = 0.0;
            }
        }
        Ok(Point { crs, coords: c })
    }

    /// `point({x, y[, z][, crs | srid]})` or `point({longitude, latitude[, height][, crs |
    /// srid]})`: the point, None when a coordinate is null, or what is wrong with the map.
    pub fn from_map<'a>(
        entries: impl IntoIterator<Item = (&'a str, MapValue<'a>)>,
    ) -> Result<Option<Point>, String> {
        let (mut x, mut y, mut z) = (None, None, None);
        let (mut lon, mut lat, mut height) = (None, None, None);
        let (mut crs_name, mut srid) = (None, None);
        let mut null = false;
        for (key, value) in entries {
            let slot = match key.to_ascii_lowercase().as_str() {
                "x" => &mut x,
                "y" => &mut y,
                "z" => &mut z,
                "longitude" => &mut lon,
                "latitude" => &mut lat,
                "height" => &mut height,
                "crs" => {
                    match value {
                        MapValue::Text(t) => crs_name = Some(t.to_string()),
                        MapValue::Null => {}
                        MapValue::Number(_) => return Err("`crs` is a string".into()),
                        MapValue::Other(t) => return Err(format!("`crs` is a string, not {t}")),
                    }
                    continue;
                }
                "srid" => {
                    match value {
                        MapValue::Number(n) if n.fract() == 0.0 => srid = Some(n as i64),
                        MapValue::Null => {}
                        _ => return Err("`srid` is an integer".into()),
                    }
                    continue;
                }
                _ => {
                    return Err(format!(
                        "`{key}` is not a key of a point (x, y, z, longitude, latitude, height, crs, srid)"
                    ))
                }
            };
            match value {
                MapValue::Number(n) => *slot = Some(n),
                MapValue::Null => null = true,
                MapValue::Text(_) => return Err(format!("`{key}` is a number, not a string")),
                MapValue::Other(t) => return Err(format!("`{key}` is a number, not {t}")),
            }
        }
        if null {
            return Ok(None);
        }
        let geographic_keys = lon.is_some() || lat.is_some() || height.is_some();
        let cartesian_keys = x.is_some() || y.is_some() || z.is_some();
        if geographic_keys && cartesian_keys {
            return Err(
                "a point is given by x, y (and z) or by longitude, latitude (and height), not both"
                    .into(),
            );
        }
        let (a, b, c) = if geographic_keys {
            (lon, lat, height)
        } else {
            (x, y, z)
        };
        let (Some(a), Some(b)) = (a, b) else {
            return Err(if geographic_keys {
                "a geographic point needs both longitude and latitude".into()
            } else {
                "a point needs x and y, or longitude and latitude".into()
            });
        };
        let dimension = if c.is_some() { 3 } else { 2 };
        let declared = match (crs_name, srid) {
            (Some(_), Some(_)) => return Err("a point takes `crs` or `srid`, not both".into()),
            (Some(name), None) => Some(Crs::from_name(&name).ok_or_else(|| {
                format!("'{name}' is not a coordinate reference system (cartesian, cartesian-3d, wgs-84, wgs-84-3d)")
            })?),
            (None, Some(s)) => Some(Crs::from_srid(s).ok_or_else(|| {
                format!("{s} is not the srid of a coordinate reference system (7203, 9157, 4326, 4979)")
            })?),
            (None, None) => None,
        };
        let crs = match declared {
            Some(crs) => {
                if geographic_keys && !crs.geographic() {
                    return Err(format!(
                        "longitude and latitude make a geographic point, not a {} one",
                        crs.name()
                    ));
                }
                if crs.dimension() != dimension {
                    return Err(format!(
                        "a {} point has {} coordinates, not {dimension}",
                        crs.name(),
                        crs.dimension()
                    ));
                }
                crs
            }
            None => Crs::of(geographic_keys, dimension),
        };
        let coords = [a, b, c.unwrap_or(0.0)];
        Point::new(crs, &coords[..dimension]).map(Some)
    }

    pub fn coords(&self) -> &[f64] {
        &self.coords[..self.crs.dimension()]
    }

    pub fn x(&self) -> f64 {
        self.coords[0]
    }

    pub fn y(&self) -> f64 {
        self.coords[1]
    }

    pub fn z(&self) -> Option<f64> {
        (self.crs.dimension() == 3).then_some(self.coords[2])
    }

    /// A component by name (`x`, `y`, `z`, `longitude`, `latitude`, `height`, `crs`, `srid`):
    /// a float, a string or an integer; an error for a component this point does not have.
    pub fn component(&self, name: &str) -> Result<Component, String> {
        let geo = self.crs.geographic();
        Ok(match name {
            "x" => Component::Float(self.x()),
            "y" => Component::Float(self.y()),
            "z" => Component::Float(self.z().ok_or_else(|| self.lacks(name))?),
            "longitude" if geo => Component::Float(self.x()),
            "latitude" if geo => Component::Float(self.y()),
            "height" if geo => Component::Float(self.z().ok_or_else(|| self.lacks(name))?),
            "crs" => Component::Text(self.crs.name()),
            "srid" => Component::Int(self.crs.srid()),
            _ => return Err(self.lacks(name)),
        })
    }

    fn lacks(&self, name: &str) -> String {
        format!("a {} point has no component `{name}`", self.crs.name())
    }

    /// Its components' names, for help.
    pub fn component_names(&self) -> &'static str {
        match self.crs {
            Crs::Cartesian => "x, y, crs, srid",
            Crs::Cartesian3D => "x, y, z, crs, srid",
            Crs::Wgs84 => "longitude, latitude, x, y, crs, srid",
            Crs::Wgs84_3D => "longitude, latitude, height, x, y, z, crs, srid",
        }
    }

    /// Equal: the same CRS and the same coordinates.
    pub fn same(&self, other: &Point) -> bool {
        self.crs == other.crs && self.coords() == other.coords()
    }

    /// The order of ORDER BY: by CRS, then coordinate by coordinate.
    pub fn order(&self, other: &Point) -> Ordering {
        self.crs.cmp(&other.crs).then_with(|| {
            self.coords()
                .iter()
                .zip(other.coords())
                .map(|(a, b)| a.total_cmp(b))
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        })
    }

    pub fn hash_into<H: std::hash::Hasher>(&self, state: &mut H) {
        use std::hash::Hash;
        self.crs.hash(state);
        for c in self.coords() {
            c.to_bits().hash(state);
        }
    }

    /// `point.distance`: Pythagoras in a Cartesian CRS; in WGS-84 the haversine great-circle
    /// distance in metres on a sphere of `EARTH_RADIUS_METERS` (in 3D at the points' average
    /// height, then Pythagoras with the difference of heights). None across CRSs.
    pub fn distance(&self, other: &Point) -> Option<f64> {
        if self.crs != other.crs {
            return None;
        }
        if !self.crs.geographic() {
            let sum: f64 = self
                .coords()
                .iter()
                .zip(other.coords())
                .map(|(a, b)| (a - b) * (a - b))
                .sum();
            return Some(sum.sqrt());
        }
        let (lon1, lat1) = (self.x().to_radians(), self.y().to_radians());
        let (lon2, lat2) = (other.x().to_radians(), other.y().to_radians());
        let (dx, dy) = (lon2 - lon1, lat2 - lat1);
        let a = (dy / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dx / 2.0).sin().powi(2);
        let angle = 2.0 * a.sqrt().atan2((1.0 - a).sqrt());
        match (self.z(), other.z()) {
            (Some(h1), Some(h2)) => {
                let flat = (EARTH_RADIUS_METERS + (h1 + h2) / 2.0) * angle;
                Some((flat * flat + (h1 - h2) * (h1 - h2)).sqrt())
            }
            _ => Some(EARTH_RADIUS_METERS * angle),
        }
    }

    /// `point.withinBBox`: whether the point lies in the box of the two corners (edges
    /// included). In WGS-84 a lower-left longitude east of the upper-right one is a box across
    /// the 180th meridian. None across CRSs.
    pub fn within_bbox(&self, lower_left: &Point, upper_right: &Point) -> Option<bool> {
        if self.crs != lower_left.crs || self.crs != upper_right.crs {
            return None;
        }
        let (p, lo, hi) = (self.coords(), lower_left.coords(), upper_right.coords());
        let x_in = if self.crs.geographic() && lo[0] > hi[0] {
            p[0] >= lo[0] || p[0] <= hi[0]
        } else {
            lo[0] <= p[0] && p[0] <= hi[0]
        };
        let rest_in = (1..p.len()).all(|i| lo[i] <= p[i] && p[i] <= hi[i]);
        Some(x_in && rest_in)
    }
}

impl Point {
    /// The point as Neo4j's admin-import CSV writes it in a `point` column:
    /// `{x:12.5, y:55.6, crs:wgs-84}`.
    pub fn csv_text(&self) -> String {
        use crate::graph::format_float as g;
        let mut s = format!("{{x:{}, y:{}", g(self.x()), g(self.y()));
        if let Some(z) = self.z() {
            s.push_str(&format!(", z:{}", g(z)));
        }
        s.push_str(&format!(", crs:{}}}", self.crs.name()));
        s
    }

    /// A point from a `point` column of Neo4j's admin-import CSV: a map in braces whose keys
    /// are those of `point({...})`, each with a number or (for `crs`) a name, quoted or not:
    /// `{latitude:55.6, longitude:12.9}`, `{x:1, y:2, crs:'cartesian'}`.
    pub fn parse_csv(text: &str) -> Result<Point, String> {
        let inner = text
            .trim()
            .strip_prefix('{')
            .and_then(|t| t.strip_suffix('}'))
            .ok_or("a point is written in braces, such as {latitude:55.6, longitude:12.9}")?;
        let mut entries = Vec::new();
        for part in inner.split(',').filter(|p| !p.trim().is_empty()) {
            let (k, v) = part
                .split_once(':')
                .ok_or_else(|| format!("`{}` is not key:value", part.trim()))?;
            let unquote = |s: &str| -> String {
                let s = s.trim();
                for q in ['\'', '"'] {
                    if let Some(x) = s.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
                        return x.to_string();
                    }
                }
                s.to_string()
            };
            entries.push((unquote(k), unquote(v)));
        }
        let values: Vec<(&str, MapValue<'_>)> = entries
            .iter()
            .map(|(k, v)| {
                let value = if k.eq_ignore_ascii_case("crs") {
                    MapValue::Text(v)
                } else {
                    match v.parse::<f64>() {
                        Ok(n) => MapValue::Number(n),
                        Err(_) => MapValue::Text(v),
                    }
                };
                (k.as_str(), value)
            })
            .collect();
        Point::from_map(values)?.ok_or_else(|| "a point needs its coordinates".to_string())
    }
}

/// A component's value.
pub enum Component {
    Float(f64),
    Int(i64),
    Text(&'static str),
}

/// `point({x: 1.0, y: 2.0, crs: 'cartesian'})`, as Neo4j writes a point.
impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::graph::format_float as g;
        write!(f, "point({{x: {}, y: {}", g(self.x()), g(self.y()))?;
        if let Some(z) = self.z() {
            write!(f, ", z: {}", g(z))?;
        }
        write!(f, ", crs: '{}'}})", self.crs.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(entries: &[(&str, f64)]) -> Result<Option<Point>, String> {
        Point::from_map(entries.iter().map(|&(k, v)| (k, MapValue::Number(v))))
    }

    #[test]
    fn points_are_made_from_maps_as_neo4j_makes_them() {
        let c = p(&[("x", 1.0), ("y", 2.0)]).unwrap().unwrap();
        assert_eq!(c.to_string(), "point({x: 1.0, y: 2.0, crs: 'cartesian'})");
        let g = p(&[("longitude", 12.5), ("latitude", 55.6), ("height", 10.0)])
            .unwrap()
            .unwrap();
        assert_eq!(g.crs, Crs::Wgs84_3D);
        assert_eq!(
            g.to_string(),
            "point({x: 12.5, y: 55.6, z: 10.0, crs: 'wgs-84-3d'})"
        );
        let s = Point::from_map([
            ("x", MapValue::Number(1.0)),
            ("y", MapValue::Number(2.0)),
            ("srid", MapValue::Number(4326.0)),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(s.crs, Crs::Wgs84);
        let n = Point::from_map([("x", MapValue::Number(1.0)), ("y", MapValue::Null)]).unwrap();
        assert!(n.is_none());
        for (bad, message) in [
            (vec![("x", 1.0)], "needs x and y"),
            (vec![("x", 1.0), ("latitude", 2.0)], "not both"),
            (
                vec![("longitude", 1.0), ("latitude", 91.0)],
                "latitude is between",
            ),
            (
                vec![("longitude", 181.0), ("latitude", 1.0)],
                "longitude is between",
            ),
            (vec![("x", 1.0), ("y", 2.0), ("w", 3.0)], "`w` is not a key"),
            (vec![("x", 1.0), ("y", f64::NAN)], "finite"),
        ] {
            let e = p(&bad).unwrap_err();
            assert!(e.contains(message), "{bad:?}: {e}");
        }
        let e = Point::from_map([
            ("x", MapValue::Number(1.0)),
            ("y", MapValue::Number(2.0)),
            ("crs", MapValue::Text("cartesian-3D")),
        ])
        .unwrap_err();
        assert!(e.contains("has 3 coordinates, not 2"), "{e}");
    }

    #[test]
    fn distances_are_neo4js() {
        let a = p(&[("x", 2.3), ("y", 4.5)]).unwrap().unwrap();
        let b = p(&[("x", 1.1), ("y", 5.4)]).unwrap().unwrap();
        assert!((a.distance(&b).unwrap() - 1.5).abs() < 1e-12);
        // Copenhagen and Malmö, about 27.8 km apart on Neo4j's sphere.
        let cph = p(&[("longitude", 12.564590), ("latitude", 55.672874)])
            .unwrap()
            .unwrap();
        let mal = p(&[("longitude", 12.994341), ("latitude", 55.611784)])
            .unwrap()
            .unwrap();
        let d = cph.distance(&mal).unwrap();
        assert!((d - 27842.0).abs() < 1.0, "{d}");
        assert_eq!(cph.distance(&a), None);
        // Straight up 1,000 m at the same place.
        let low = p(&[("longitude", 0.0), ("latitude", 0.0), ("height", 0.0)])
            .unwrap()
            .unwrap();
        let high = p(&[("longitude", 0.0), ("latitude", 0.0), ("height", 1000.0)])
            .unwrap()
            .unwrap();
        assert_eq!(low.distance(&high), Some(1000.0));
    }

    #[test]
    fn boxes_hold_their_edges_and_may_cross_the_180th_meridian() {
        let pt = |x: f64, y: f64| p(&[("longitude", x), ("latitude", y)]).unwrap().unwrap();
        assert_eq!(
            pt(10.0, 10.0).within_bbox(&pt(0.0, 0.0), &pt(10.0, 10.0)),
            Some(true)
        );
        assert_eq!(
            pt(11.0, 10.0).within_bbox(&pt(0.0, 0.0), &pt(10.0, 10.0)),
            Some(false)
        );
        // From 170 east across the meridian to 170 west.
        assert_eq!(
            pt(179.0, 0.0).within_bbox(&pt(170.0, -5.0), &pt(-170.0, 5.0)),
            Some(true)
        );
        assert_eq!(
            pt(-175.0, 0.0).within_bbox(&pt(170.0, -5.0), &pt(-170.0, 5.0)),
            Some(true)
        );
        assert_eq!(
            pt(0.0, 0.0).within_bbox(&pt(170.0, -5.0), &pt(-170.0, 5.0)),
            Some(false)
        );
        // A box whose lower latitude is north of its upper one is empty.
        assert_eq!(
            pt(0.0, 0.0).within_bbox(&pt(-1.0, 1.0), &pt(1.0, -1.0)),
            Some(false)
        );
        let c = p(&[("x", 0.5), ("y", 0.5)]).unwrap().unwrap();
        assert_eq!(c.within_bbox(&pt(0.0, 0.0), &pt(1.0, 1.0)), None);
    }

    #[test]
    fn csv_text_reads_back() {
        for text in [
            "{latitude:55.6, longitude:12.9}",
            "{x:1, y:2, crs:'cartesian'}",
            "{ x: 1.5, y: -2, z: 3, crs: \"cartesian-3D\" }",
            "{longitude:1, latitude:2, height:3, srid:4979}",
        ] {
            let p = Point::parse_csv(text).unwrap();
            assert!(Point::parse_csv(&p.csv_text()).unwrap().same(&p), "{text}");
        }
        assert_eq!(
            Point::parse_csv("{latitude:55.6, longitude:12.9}")
                .unwrap()
                .csv_text(),
            "{x:12.9, y:55.6, crs:wgs-84}"
        );
        for bad in ["12.9,55.6", "{x:1}", "{x:a, y:2}", "{x 1, y:2}"] {
            assert!(Point::parse_csv(bad).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        /// Any text in a CSV point column is a point or an error, never a panic; a point read
        /// is valid (finite coordinates, latitudes in range) and reads back from its own text.
        #[test]
        fn any_csv_text_is_a_point_or_an_error(text in ".{0,60}") {
            if let Ok(p) = Point::parse_csv(&text) {
                proptest::prop_assert!(p.coords().iter().all(|c| c.is_finite()));
                let back = Point::parse_csv(&p.csv_text()).unwrap();
                proptest::prop_assert!(back.same(&p));
            }
        }

        /// Any map of numbers is a point or an error; distances and boxes of points never
        /// panic and are never NaN.
        #[test]
        fn any_map_of_numbers_is_a_point_or_an_error(
            keys in proptest::collection::vec(
                proptest::sample::select(vec!["x", "y", "z", "longitude", "latitude", "height", "srid"]),
                0..5,
            ),
            values in proptest::collection::vec(-400.0f64..400.0, 5),
        ) {
            let entries = keys.iter().zip(&values).map(|(k, v)| {
                let v = if *k == "srid" { [7203.0, 9157.0, 4326.0, 4979.0][(v.abs() as usize) % 4] } else { *v };
                (*k, MapValue::Number(v))
            });
            if let Ok(Some(p)) = Point::from_map(entries) {
                if let Some(d) = p.distance(&p) {
                    proptest::prop_assert!(d == 0.0, "{d}");
                }
                proptest::prop_assert_eq!(p.within_bbox(&p, &p), Some(true));
            }
        }
    }

    #[test]
    fn points_order_by_crs_then_coordinates() {
        let c = p(&[("x", 5.0), ("y", 0.0)]).unwrap().unwrap();
        let c2 = p(&[("x", 5.0), ("y", 1.0)]).unwrap().unwrap();
        let g = p(&[("longitude", 0.0), ("latitude", 0.0)])
            .unwrap()
            .unwrap();
        assert_eq!(c.order(&c2), Ordering::Less);
        assert_eq!(c2.order(&g), Ordering::Less);
        assert!(c.same(&p(&[("x", 5.0), ("y", -0.0)]).unwrap().unwrap()));
        assert!(!c.same(&c2));
    }
}

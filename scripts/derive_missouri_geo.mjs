// Derives Missouri's 115 county-level areas (FIPS 29xxx) from the npm package us-atlas
// (counties-10m.json, U.S. Census Bureau cartographic boundaries) into a small GeoJSON file
// that the app serves itself. Run with `npm run derive-geo`; the output is committed.
import { readFileSync, writeFileSync } from "node:fs";
import { feature } from "topojson-client";

const atlas = JSON.parse(readFileSync("node_modules/us-atlas/counties-10m.json", "utf8"));
const counties = feature(atlas, atlas.objects.counties);
const round = (coords) =>
  Array.isArray(coords[0]) ? coords.map(round) : coords.map((n) => Math.round(n * 1e4) / 1e4);
const missouri = {
  type: "FeatureCollection",
  features: counties.features
    .filter((f) => f.id.startsWith("29"))
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((f) => ({
      type: "Feature",
      id: f.id,
      properties: { fips: f.id, name: f.properties.name },
      geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
    })),
};
if (missouri.features.length !== 115) {
  throw new Error(`expected 115 Missouri areas, found ${missouri.features.length}`);
}
writeFileSync("static/geo/missouri-counties.geojson", JSON.stringify(missouri) + "\n");
console.log(`wrote ${missouri.features.length} Missouri areas to static/geo/missouri-counties.geojson`);

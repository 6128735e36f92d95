// Validates Kubernetes objects against the schemas shipped in the npm packages kubernetes-models and
// @kubernetes-models/prometheus-operator, offline. Input: a JSON array of objects (the rendered k8s/),
// from the file named as the first argument. Prints one line per object; exit 1 if any is invalid.
//   cd scripts/k8s-validate && npm install --no-package-lock && node validate.mjs objects.json
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));

function moduleFor(apiVersion) {
  if (apiVersion === "monitoring.coreos.com/v1") {
    return "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
  }
  return "kubernetes-models/" + apiVersion;
}

let failed = 0;
for (const object of objects) {
  const name = `${object.kind}/${object.metadata?.name} (${object.apiVersion})`;
  let model;
  try {
    model = (await import(moduleFor(object.apiVersion)))[object.kind];
  } catch (error) {
    model = undefined;
  }
  if (typeof model !== "function") {
    console.log(`INVALID ${name}: no schema for this apiVersion and kind`);
    failed++;
    continue;
  }
  try {
    new model(object).validate();
    console.log(`valid ${name}`);
  } catch (error) {
    console.log(`INVALID ${name}: ${error.message}`);
    failed++;
  }
}
console.log(`${objects.length - failed} of ${objects.length} objects valid`);
process.exit(failed === 0 ? 0 : 1);

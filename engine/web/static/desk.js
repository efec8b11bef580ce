// The desk's one script: starts GOV.UK Frontend's components (the service navigation's menu button at phone
// width, error summaries, notification banners...). An ES module, loaded by base.html with type="module";
// govuk-frontend.min.js is built by engine/web/frontend/build.py (docs/desk.md "The look").
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

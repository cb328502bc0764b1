// page.evaluate callbacks run in the browser, but the project compiles without DOM types (adding them would retype
// Node's fetch): the few browser globals those callbacks read are declared here, as far as they read them.
interface BrowserElement {
  id: string;
  textContent: string | null;
}
declare const document: { activeElement: BrowserElement | null; cookie: string };
declare const sessionStorage: { length: number };
declare const localStorage: { length: number };

// Page 'health' — being built.
import { el } from "../ui.js";

export default {
  route: "health",
  title: "Hypertension",
  async render(root) {
    root.append(el("h1", { text: "Hypertension" }), el("p", { class: "muted", text: "This page is being built." }));
  },
};

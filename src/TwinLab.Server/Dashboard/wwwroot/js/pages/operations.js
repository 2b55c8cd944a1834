// Page 'operations' — being built.
import { el } from "../ui.js";

export default {
  route: "operations",
  title: "Operations",
  async render(root) {
    root.append(el("h1", { text: "Operations" }), el("p", { class: "muted", text: "This page is being built." }));
  },
};

// Page 'experiments' — being built.
import { el } from "../ui.js";

export default {
  route: "experiments",
  title: "Experiments",
  async render(root) {
    root.append(el("h1", { text: "Experiments" }), el("p", { class: "muted", text: "This page is being built." }));
  },
};

// Page 'network' — being built.
import { el } from "../ui.js";

export default {
  route: "network",
  title: "Network security",
  async render(root) {
    root.append(el("h1", { text: "Network security" }), el("p", { class: "muted", text: "This page is being built." }));
  },
};

import { render } from "preact";
import { App } from "./App.tsx";
import { extensionBackend } from "./backend.ts";
import "./popup.css";

const root = document.getElementById("app");
if (root) render(<App backend={extensionBackend()} />, root);

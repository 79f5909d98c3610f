import { render } from "preact";
import { BackgroundStatus } from "./BackgroundStatus.tsx";
import "./popup.css";

const app = document.getElementById("app");
if (app) render(<BackgroundStatus />, app);

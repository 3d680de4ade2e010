import { makeConsoleDriver } from "./drivers/console-driver.js";
import { conversationSuite } from "./helpers/conversation-suite.js";

conversationSuite("console", makeConsoleDriver);

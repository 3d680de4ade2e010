import { makeWecomDriver } from "./drivers/wecom-driver.js";
import { conversationSuite } from "./helpers/conversation-suite.js";

conversationSuite("wecom", makeWecomDriver);

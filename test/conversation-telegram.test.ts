import { makeTelegramDriver } from "./drivers/telegram-driver.js";
import { conversationSuite } from "./helpers/conversation-suite.js";

conversationSuite("telegram", makeTelegramDriver);

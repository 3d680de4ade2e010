import { makeWechatDriver } from "./drivers/wechat-driver.js";
import { conversationSuite } from "./helpers/conversation-suite.js";

conversationSuite("wechat", makeWechatDriver);

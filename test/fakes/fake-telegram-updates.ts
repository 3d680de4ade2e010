import type { Update } from "telegraf/types";

/**
 * Update payloads in the shape the Bot API delivers them (field for field as recorded from getUpdates;
 * ids and names changed). Builders return fresh copies so a test may change them.
 */
const inspector = {
  id: 5012345678,
  is_bot: false,
  first_name: "建国",
  last_name: "王",
  language_code: "zh-hans",
};
const townGroup = { id: -1001987654321, title: "古荥镇环保群", type: "supergroup" as const };
const privateChat = { id: 5012345678, first_name: "建国", last_name: "王", type: "private" as const };

export const ids = { inspector: inspector.id, townGroup: townGroup.id };

export function groupText(text: string, messageId = 101): Omit<Update.MessageUpdate, "update_id"> {
  const entities = text.startsWith("/")
    ? [{ offset: 0, length: text.split(/\s/)[0]?.length ?? 0, type: "bot_command" as const }]
    : undefined;
  return {
    message: {
      message_id: messageId,
      from: { ...inspector },
      chat: { ...townGroup },
      date: 1764300000,
      text,
      ...(entities ? { entities } : {}),
    },
  };
}

export function privateText(text: string, messageId = 7): Omit<Update.MessageUpdate, "update_id"> {
  return {
    message: {
      message_id: messageId,
      from: { ...inspector },
      chat: { ...privateChat },
      date: 1764300100,
      text,
    },
  };
}

/** A photo sent as a photo: Telegram offers several sizes, smallest first. */
export function groupPhoto(fileIds: [string, string, string], caption?: string, messageId = 102) {
  const [small, medium, large] = fileIds;
  return {
    message: {
      message_id: messageId,
      from: { ...inspector },
      chat: { ...townGroup },
      date: 1764300200,
      photo: [
        { file_id: small, file_unique_id: "AQADs1", file_size: 1432, width: 90, height: 67 },
        { file_id: large, file_unique_id: "AQADs3", file_size: 98765, width: 1280, height: 960 },
        { file_id: medium, file_unique_id: "AQADs2", file_size: 20311, width: 320, height: 240 },
      ],
      ...(caption ? { caption } : {}),
    },
  } as Omit<Update.MessageUpdate, "update_id">;
}

/** A photo sent "as a file" (keeps EXIF): a document with an image MIME type. */
export function groupImageDocument(fileId: string, messageId = 103) {
  return {
    message: {
      message_id: messageId,
      from: { ...inspector },
      chat: { ...townGroup },
      date: 1764300300,
      document: {
        file_name: "IMG_20261128_101500.jpg",
        mime_type: "image/jpeg",
        thumbnail: { file_id: "AAMthumb", file_unique_id: "AQADt", file_size: 900, width: 320, height: 240 },
        file_id: fileId,
        file_unique_id: "AgADd1",
        file_size: 2345678,
      },
    },
  } as Omit<Update.MessageUpdate, "update_id">;
}

export function groupLocation(lat: number, lng: number, messageId = 104) {
  return {
    message: {
      message_id: messageId,
      from: { ...inspector },
      chat: { ...townGroup },
      date: 1764300400,
      location: { latitude: lat, longitude: lng },
    },
  } as Omit<Update.MessageUpdate, "update_id">;
}

export function groupVenue(messageId = 105) {
  return {
    message: {
      message_id: messageId,
      from: { ...inspector },
      chat: { ...townGroup },
      date: 1764300500,
      location: { latitude: 34.8721, longitude: 113.5412 },
      venue: {
        location: { latitude: 34.8721, longitude: 113.5412 },
        title: "古荥镇人民政府",
        address: "郑州市惠济区古荥镇",
      },
    },
  } as Omit<Update.MessageUpdate, "update_id">;
}

export function editedText(text: string) {
  return {
    edited_message: {
      message_id: 101,
      from: { ...inspector },
      chat: { ...townGroup },
      date: 1764300000,
      edit_date: 1764300060,
      text,
    },
  } as Omit<Update.EditedMessageUpdate, "update_id">;
}

/** A bot (by its username) added to a group, by the inspector; the town group unless another is given. */
export function botAdded(
  username: string,
  chat: { id: number; title: string; type: "group" | "supergroup" } = townGroup,
  messageId = 107,
) {
  return {
    message: {
      message_id: messageId,
      from: { ...inspector },
      chat: { ...chat },
      date: 1764300700,
      new_chat_members: [{ id: 8000000001, is_bot: true, first_name: "环保督查", username }],
    },
  } as Omit<Update.MessageUpdate, "update_id">;
}

export function newMembers() {
  return {
    message: {
      message_id: 106,
      from: { ...inspector },
      chat: { ...townGroup },
      date: 1764300600,
      new_chat_members: [{ id: 777, is_bot: false, first_name: "李" }],
    },
  } as Omit<Update.MessageUpdate, "update_id">;
}

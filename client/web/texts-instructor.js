// The instructor's sign-in screen, in English and traditional Chinese.

export const IN_EN = {
  instructorLink: "Instructors",
  instructorTitle: "Instructor sign-in",
  instructorHelp: "Instructors run classes: set up many rooms at once, watch every table and debrief. Accounts are made on the server with: brink instructor add NAME",
  accountName: "Account",
  password: "Password",
  signIn: "Sign in",
  signOut: "Sign out",
  signedInAs: "Signed in as {name}",
  signInWrong: "No such instructor, or a wrong password.",
  signInLocked: "Too many wrong passwords: try again in {s} seconds.",
  signInFailed: "Could not sign in: {why}",
};

export const IN_ZH = {
  instructorLink: "教師",
  instructorTitle: "教師登入",
  instructorHelp: "教師可開設課堂：一次建立多個房間、觀看每一桌並進行課後討論。帳號在伺服器上建立：brink instructor add 名稱",
  accountName: "帳號",
  password: "密碼",
  signIn: "登入",
  signOut: "登出",
  signedInAs: "已登入：{name}",
  signInWrong: "沒有這位教師，或密碼錯誤。",
  signInLocked: "密碼錯誤次數過多：請 {s} 秒後再試。",
  signInFailed: "無法登入：{why}",
};

#!/usr/bin/env python3
"""Fills the kiosk's .ts files from the phrase tables below (run after `lupdate`; see docs/gui.md).

The tables are the translations: reviewed by hand, kept short enough for the screens at 1024x600. A source text
missing here stays "unfinished" in the .ts file and shows in English; the script lists such texts.
Arabic plural forms follow Qt's six (zero, one, two, few, many, other); Chinese has one.
"""
import os
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))

EN_PLURALS = {
    "Offline: checking against the local cache. %n visit(s) waiting to upload.": [
        "Offline: checking against the local cache. %n visit waiting to upload.",
        "Offline: checking against the local cache. %n visits waiting to upload."],
    "Up to %n guest(s) with this pass right now.": [
        "Up to %n guest with this pass right now.", "Up to %n guests with this pass right now."],
    "Admit %n": ["Admit %n", "Admit %n"],
    "%n min ago": ["%n min ago", "%n min ago"],
    "%n h ago": ["%n h ago", "%n h ago"],
    "%n days ago": ["%n day ago", "%n days ago"],
    "%n to upload": ["%n to upload", "%n to upload"],
    "Void the visit of %1 (%n person(s)) at %2? The visit is refunded to the pass.": [
        "Void the visit of %1 (%n person) at %2? The visit is refunded to the pass.",
        "Void the visit of %1 (%n people) at %2? The visit is refunded to the pass."],
    "Party of %n": ["Party of %n", "Party of %n"],
    "%n second(s)": ["%n second", "%n seconds"],
    "%n minute(s)": ["%n minute", "%n minutes"],
}

ZH = {
    "⚠ %1 Visits cannot be recorded: do not admit until a green screen. Retrying…":
        "⚠ %1 无法记录访问：在出现绿色屏幕之前请勿放行。正在重试…",
    "Offline: checking against the local cache. %n visit(s) waiting to upload.":
        "离线：正在使用本地数据核验。%n 条访问记录等待上传。",
    "Data last updated %1. Check the network connection.": "数据最后更新于%1。请检查网络连接。",
    "Type the code or membership number": "输入二维码内容或会员号",
    "e.g. 6001234500001001": "例如 6001234500001001",
    "Check": "核验",
    "Cancel": "取消",
    "How many people are entering, including the member?": "包括会员本人，共几人入内？",
    "Up to %n guest(s) with this pass right now.": "此凭证当前最多可带 %n 位随行宾客。",
    "Admit %n": "放行 %n 人",
    "Type a code": "手动输入",
    "Today": "今日记录",
    "Sync": "同步",
    "Settings": "设置",
    "Sign out": "退出登录",
    "Ready: hold the pass code up to the camera": "就绪：请将凭证二维码对准摄像头",
    "Checking…": "正在核验…",
    "Valid for entry.": "可以入内。",
    "This code is not known to this terminal.": "本终端无法识别此二维码。",
    "This is not a lounge pass code.": "这不是贵宾室凭证二维码。",
    "This pass is not valid yet.": "此凭证尚未生效。",
    "This pass has expired.": "此凭证已过期。",
    "This membership is not activated yet.": "此会员资格尚未激活。",
    "This membership is suspended.": "此会员资格已暂停。",
    "This membership was cancelled.": "此会员资格已取消。",
    "This E-pass was revoked.": "此电子通行证已被撤销。",
    "This pass does not include this service.": "此凭证不包含该项服务。",
    "This pass is not valid at this location.": "此凭证在本地点无效。",
    "No visits left on this pass.": "此凭证已无剩余次数。",
    "Too many guests for this pass.": "随行宾客人数超出此凭证限额。",
    "This pass was used here a few minutes ago.": "此凭证几分钟前刚在此使用过。",
    "The terminal's data is out of date.": "终端数据已过时。",
    "This terminal is not set up for a lounge.": "本终端尚未设置贵宾室。",
    "The terminal's database is not available.": "终端数据库不可用。",
    "This code is not genuine.": "此二维码不是真实凭证。",
    "This app code has expired.": "此应用动态码已过期。",
    "This app code is not valid yet.": "此应用动态码尚未生效。",
    "This app code cannot be checked here.": "本终端无法核验此应用动态码。",
    "This app code was already used.": "此应用动态码已被使用。",
    "A printed code is not accepted here.": "此处不接受打印的二维码。",
    "The terminal's clock is not set.": "终端时钟未设置。",
    "Not valid.": "无效。",
    "Scan again, or type the membership number.": "请重新扫描，或手动输入会员号。",
    "Ask the guest to contact their card issuer; offer paid entry.": "请宾客联系发卡机构；可提供付费入内。",
    "Do not admit. Offer paid entry.": "请勿放行。可提供付费入内。",
    "Direct the guest to a lounge their pass covers, or offer paid entry.": "请引导宾客前往其凭证适用的贵宾室，或提供付费入内。",
    "Offer paid entry or a top-up from the card issuer.": "可提供付费入内，或请发卡机构充值。",
    "Admit fewer guests; others can pay for entry.": "请减少随行人数；其他人可付费入内。",
    "Check it is the same person coming back, then admit anyway.": "请确认是同一人再次进入，然后选择仍然放行。",
    "Check the network. Admit only if you are sure.": "请检查网络。确认无误后方可放行。",
    "Ask a supervisor to choose the lounge in Settings.": "请主管在设置中选择贵宾室。",
    "Call a supervisor. Do not admit until the screen is green.": "请联系主管。屏幕变绿之前请勿放行。",
    "Do not admit. Call a supervisor.": "请勿放行。请联系主管。",
    "Ask the guest to refresh the code in their app.": "请宾客在应用中刷新二维码。",
    "Ask the guest to show the code from their app, or type the membership number.": "请宾客出示应用中的二维码，或手动输入会员号。",
    "Call a supervisor to sync the terminal.": "请联系主管同步终端。",
    "ACCEPT": "通过",
    "ATTENTION": "请注意",
    "REJECT": "拒绝",
    "NOT RECORDED": "未记录",
    "The terminal's disk is full.": "终端磁盘已满。",
    "The terminal cannot write its database.": "终端无法写入数据库。",
    "The database is busy in another program.": "数据库正被其他程序占用。",
    "The terminal's database is damaged.": "终端数据库已损坏。",
    "Wrong PIN.": "PIN 码错误。",
    "Too many wrong PINs. Wait, or ask a supervisor.": "PIN 码错误次数过多。请稍候，或联系主管。",
    "This visit can no longer be voided.": "此访问记录已无法作废。",
    "Member visits": "会员次数",
    "Guest visits": "宾客次数",
    "Shared visits": "共享次数",
    "Visits": "次数",
    "Lounge": "贵宾室",
    "Fast Track": "快速通道",
    "Dining": "餐饮",
    "Camera off": "摄像头关闭",
    "Camera starting": "摄像头启动中",
    "Camera on": "摄像头开启",
    "Demo video": "演示视频",
    "No camera found. Use the handheld scanner or type the code.": "未找到摄像头。请使用手持扫描枪或手动输入。",
    "Camera unplugged. Plug it back in, or type the code.": "摄像头已断开。请重新连接，或手动输入。",
    "Camera in use by another program. Retrying.": "摄像头被其他程序占用。正在重试。",
    "No permission to use the camera.": "没有使用摄像头的权限。",
    "Camera failed. Retrying; type the code meanwhile.": "摄像头故障。正在重试；请先手动输入。",
    "Standalone": "独立运行",
    "Online": "在线",
    "Syncing": "同步中",
    "Offline": "离线",
    "Sync error": "同步错误",
    "Online first": "在线优先",
    "Offline first": "离线优先",
    "Waiting to upload": "等待上传",
    "Uploaded": "已上传",
    "Synced": "已同步",
    "Synced (overdrawn)": "已同步（超额）",
    "Voided": "已作废",
    "Refused by central": "被中心拒绝",
    "never": "从未",
    "just now": "刚刚",
    "%n min ago": "%n 分钟前",
    "%n h ago": "%n 小时前",
    "%n days ago": "%n 天前",
    "Back": "返回",
    "Save": "保存",
    "Camera": "摄像头",
    "Sync mode": "同步模式",
    "Verdict shown for (seconds)": "结果显示时长（秒）",
    "Warn on reuse within (minutes)": "重复使用提醒时限（分钟）",
    "Warn when data older than (hours)": "数据过期提醒（小时）",
    "Sound": "声音",
    "Language": "语言",
    "Play a sound for each verdict": "每次核验结果播放提示音",
    "System default": "系统默认",
    "Staff sign-in": "员工登录",
    "Enter your PIN, or scan your staff badge.": "请输入 PIN 码，或扫描员工卡。",
    "Sign in": "登录",
    "No lounge selected": "未选择贵宾室",
    "Synced %1": "同步于%1",
    "%n to upload": "%n 条待上传",
    "Camera fault": "摄像头故障",
    "Mode": "模式",
    "Last successful sync": "上次成功同步",
    "Last failure": "上次失败",
    "none": "无",
    "Visits waiting to upload": "等待上传的访问记录",
    "Clock offset to central": "与中心的时钟偏差",
    "%1 s": "%1 秒",
    "Central service": "中心服务",
    "not configured": "未配置",
    "Initial download %p%": "首次下载 %p%",
    "Visit voided. The visit has been refunded to the pass.": "访问已作废，次数已退回凭证。",
    "Search name or number": "搜索姓名或号码",
    "Void visit": "作废访问",
    "Yes, void": "确认作废",
    "Keep": "保留",
    "Reason (optional)": "原因（可选）",
    "Time": "时间",
    "Name": "姓名",
    "Pass": "凭证",
    "People": "人数",
    "Status": "状态",
    "Staff": "员工",
    "Admitted %1 people in %2 visits (%3 guests), %4 voided, %5 waiting to upload":
        "已放行 %1 人，共 %2 次访问（宾客 %3 人），作废 %4 次，%5 条待上传",
    "Void": "作废",
    "A supervisor can void a visit made by mistake.": "主管可以作废误操作的访问记录。",
    "Void the visit of %1 (%n person(s)) at %2? The visit is refunded to the pass.":
        "作废 %1（%n 人）于 %2 的访问？次数将退回凭证。",
    "Party of %n": "共 %n 人",
    "%1: unlimited": "%1：不限",
    "%1: %2 of %3 left": "%1：剩余 %2 / %3",
    "Guests allowed: %1": "可带宾客：%1",
    "The visit was not recorded. Do not admit. Call a supervisor.": "访问未被记录。请勿放行。请联系主管。",
    "Admit anyway": "仍然放行",
    "Next guest": "下一位",
    "OK": "确定",
    "Sync now": "立即同步",
    "Wrong staff number or PIN. Try again.": "员工编号或 PIN 错误，请重试。",
    "Too many wrong PINs. This staff number is locked. Try again in %1, or ask a supervisor.": "PIN 错误次数过多，此员工编号已锁定。请在 %1 后重试，或联系主管。",
    "This staff account is disabled. Ask a supervisor.": "此员工账号已停用。请联系主管。",
    "This staff account may not sign in at this lounge. Ask a supervisor.": "此员工账号不能在本贵宾室登录。请联系主管。",
    "Sign-in is not available right now.": "暂时无法登录。",
    "Enter your staff number, or scan your staff badge.": "请输入员工编号，或扫描员工卡。",
    "Staff number %1: enter your PIN.": "员工编号 %1：请输入 PIN。",
    "Next": "下一步",
    "Other staff number": "换一个员工编号",
    "Lock": "锁定",
    "%1 signed %2 out of this desk. Visits from now on are recorded under %1.":
        "%1 已将 %2 从本工位登出。此后的访问记录在 %1 名下。",
    "Only a supervisor can sign %1 out. Ask %1 to unlock, or call a supervisor.":
        "只有主管可以登出 %1。请 %1 本人解锁，或联系主管。",
    "Lock when idle for (minutes, 0 = never)": "空闲多久后锁定工位（分钟，0 = 从不）",
    "Desk locked: %1 is signed in": "工位已锁定：%1 仍在登录中",
    "%1: enter your PIN to continue. A supervisor's PIN signs %1 out.":
        "%1：请输入您的 PIN 继续。主管输入其 PIN 将登出 %1。",
    "Supervisor: enter your staff number, or scan your badge, to sign %1 out and take over.":
        "主管：请输入员工编号或扫描工牌，以登出 %1 并接管工位。",
    "%1: enter your PIN to continue.": "%1：请输入您的 PIN 继续。",
    "Staff number %1: enter your PIN to sign %2 out and take over.": "员工编号 %1：请输入 PIN 以登出 %2 并接管工位。",
    "Unlock": "解锁",
    "Someone else": "其他员工",
    "Back to %1": "返回 %1",
    "You can try again now.": "现在可以重试。",
    "Signed in": "已登录",
    "Signed out": "已退出登录",
    "Locked the desk": "锁定了工位",
    "Unlocked the desk": "解锁了工位",
    "Signed %1 out and took over": "登出 %1 并接管工位",
    "Tried to sign %1 out: refused, not a supervisor": "试图登出 %1：被拒绝，非主管",
    "Staff sessions": "员工登录记录",
    "What happened": "事件",
    "Demo: PIN 1234 agent, 2468 supervisor": "演示：PIN 1234 为员工，2468 为主管",
    "Decided offline: central did not answer in time. The visit uploads later.": "离线判定：中央系统未及时响应。访问记录稍后上传。",
    "%n second(s)": "%n 秒",
    "%n minute(s)": "%n 分钟",
}

AR = {
    "⚠ %1 Visits cannot be recorded: do not admit until a green screen. Retrying…":
        "⚠ %1 لا يمكن تسجيل الزيارات: لا تسمح بالدخول حتى تظهر شاشة خضراء. جارٍ إعادة المحاولة…",
    "Offline: checking against the local cache. %n visit(s) waiting to upload.":
        "غير متصل: يتم التحقق من البيانات المحلية. %n زيارة بانتظار الرفع.",
    "Data last updated %1. Check the network connection.": "آخر تحديث للبيانات %1. تحقق من اتصال الشبكة.",
    "Type the code or membership number": "اكتب الرمز أو رقم العضوية",
    "e.g. 6001234500001001": "مثال: 6001234500001001",
    "Check": "تحقق",
    "Cancel": "إلغاء",
    "How many people are entering, including the member?": "كم عدد الداخلين، بمن فيهم العضو؟",
    "Up to %n guest(s) with this pass right now.": "حتى %n ضيف مع هذه البطاقة الآن.",
    "Admit %n": "إدخال %n",
    "Type a code": "إدخال يدوي",
    "Today": "اليوم",
    "Sync": "المزامنة",
    "Settings": "الإعدادات",
    "Sign out": "تسجيل الخروج",
    "Ready: hold the pass code up to the camera": "جاهز: وجّه رمز البطاقة نحو الكاميرا",
    "Checking…": "جارٍ التحقق…",
    "Valid for entry.": "صالح للدخول.",
    "This code is not known to this terminal.": "هذا الرمز غير معروف لهذا الجهاز.",
    "This is not a lounge pass code.": "هذا ليس رمز بطاقة صالة.",
    "This pass is not valid yet.": "هذه البطاقة غير سارية بعد.",
    "This pass has expired.": "انتهت صلاحية هذه البطاقة.",
    "This membership is not activated yet.": "هذه العضوية غير مفعّلة بعد.",
    "This membership is suspended.": "هذه العضوية موقوفة.",
    "This membership was cancelled.": "تم إلغاء هذه العضوية.",
    "This E-pass was revoked.": "تم سحب هذه البطاقة الإلكترونية.",
    "This pass does not include this service.": "هذه البطاقة لا تشمل هذه الخدمة.",
    "This pass is not valid at this location.": "هذه البطاقة غير صالحة في هذا الموقع.",
    "No visits left on this pass.": "لم يتبقَّ أي زيارات على هذه البطاقة.",
    "Too many guests for this pass.": "عدد الضيوف أكبر مما تسمح به البطاقة.",
    "This pass was used here a few minutes ago.": "استُخدمت هذه البطاقة هنا قبل دقائق.",
    "The terminal's data is out of date.": "بيانات الجهاز قديمة.",
    "This terminal is not set up for a lounge.": "لم يتم ضبط هذا الجهاز لصالة.",
    "The terminal's database is not available.": "قاعدة بيانات الجهاز غير متاحة.",
    "This code is not genuine.": "هذا الرمز غير أصلي.",
    "This app code has expired.": "انتهت صلاحية رمز التطبيق.",
    "This app code is not valid yet.": "رمز التطبيق غير ساري بعد.",
    "This app code cannot be checked here.": "لا يمكن التحقق من رمز التطبيق هنا.",
    "This app code was already used.": "تم استخدام رمز التطبيق من قبل.",
    "A printed code is not accepted here.": "الرمز المطبوع غير مقبول هنا.",
    "The terminal's clock is not set.": "ساعة الجهاز غير مضبوطة.",
    "Not valid.": "غير صالح.",
    "Scan again, or type the membership number.": "امسح مرة أخرى، أو اكتب رقم العضوية.",
    "Ask the guest to contact their card issuer; offer paid entry.": "اطلب من الضيف التواصل مع جهة إصدار البطاقة؛ اعرض الدخول المدفوع.",
    "Do not admit. Offer paid entry.": "لا تسمح بالدخول. اعرض الدخول المدفوع.",
    "Direct the guest to a lounge their pass covers, or offer paid entry.": "وجّه الضيف إلى صالة تشملها بطاقته، أو اعرض الدخول المدفوع.",
    "Offer paid entry or a top-up from the card issuer.": "اعرض الدخول المدفوع أو إعادة الشحن من جهة الإصدار.",
    "Admit fewer guests; others can pay for entry.": "أدخل عدداً أقل من الضيوف؛ يمكن للآخرين الدفع.",
    "Check it is the same person coming back, then admit anyway.": "تأكد أنه الشخص نفسه عائداً، ثم اسمح بالدخول على أي حال.",
    "Check the network. Admit only if you are sure.": "تحقق من الشبكة. اسمح بالدخول فقط إذا كنت متأكداً.",
    "Ask a supervisor to choose the lounge in Settings.": "اطلب من المشرف اختيار الصالة من الإعدادات.",
    "Call a supervisor. Do not admit until the screen is green.": "اتصل بالمشرف. لا تسمح بالدخول حتى تصبح الشاشة خضراء.",
    "Do not admit. Call a supervisor.": "لا تسمح بالدخول. اتصل بالمشرف.",
    "Ask the guest to refresh the code in their app.": "اطلب من الضيف تحديث الرمز في التطبيق.",
    "Ask the guest to show the code from their app, or type the membership number.": "اطلب من الضيف عرض الرمز من التطبيق، أو اكتب رقم العضوية.",
    "Call a supervisor to sync the terminal.": "اتصل بالمشرف لمزامنة الجهاز.",
    "ACCEPT": "مقبول",
    "ATTENTION": "تنبيه",
    "REJECT": "مرفوض",
    "NOT RECORDED": "لم يُسجَّل",
    "The terminal's disk is full.": "قرص الجهاز ممتلئ.",
    "The terminal cannot write its database.": "لا يستطيع الجهاز الكتابة في قاعدة البيانات.",
    "The database is busy in another program.": "قاعدة البيانات مشغولة ببرنامج آخر.",
    "The terminal's database is damaged.": "قاعدة بيانات الجهاز تالفة.",
    "Wrong PIN.": "رمز PIN خاطئ.",
    "Too many wrong PINs. Wait, or ask a supervisor.": "محاولات خاطئة كثيرة. انتظر، أو اطلب المشرف.",
    "This visit can no longer be voided.": "لم يعد بالإمكان إلغاء هذه الزيارة.",
    "Member visits": "زيارات العضو",
    "Guest visits": "زيارات الضيوف",
    "Shared visits": "زيارات مشتركة",
    "Visits": "الزيارات",
    "Lounge": "الصالة",
    "Fast Track": "المسار السريع",
    "Dining": "المطاعم",
    "Camera off": "الكاميرا متوقفة",
    "Camera starting": "جارٍ تشغيل الكاميرا",
    "Camera on": "الكاميرا تعمل",
    "Demo video": "فيديو تجريبي",
    "No camera found. Use the handheld scanner or type the code.": "لا توجد كاميرا. استخدم الماسح اليدوي أو اكتب الرمز.",
    "Camera unplugged. Plug it back in, or type the code.": "الكاميرا مفصولة. أعد توصيلها، أو اكتب الرمز.",
    "Camera in use by another program. Retrying.": "الكاميرا مستخدمة من برنامج آخر. جارٍ إعادة المحاولة.",
    "No permission to use the camera.": "لا يوجد إذن لاستخدام الكاميرا.",
    "Camera failed. Retrying; type the code meanwhile.": "تعطلت الكاميرا. جارٍ إعادة المحاولة؛ اكتب الرمز في الأثناء.",
    "Standalone": "مستقل",
    "Online": "متصل",
    "Syncing": "جارٍ المزامنة",
    "Offline": "غير متصل",
    "Sync error": "خطأ في المزامنة",
    "Online first": "الاتصال أولاً",
    "Offline first": "المحلي أولاً",
    "Waiting to upload": "بانتظار الرفع",
    "Uploaded": "تم الرفع",
    "Synced": "تمت المزامنة",
    "Synced (overdrawn)": "تمت المزامنة (تجاوز الرصيد)",
    "Voided": "ملغاة",
    "Refused by central": "رفضها النظام المركزي",
    "never": "أبداً",
    "just now": "الآن",
    "%n min ago": "قبل %n دقيقة",
    "%n h ago": "قبل %n ساعة",
    "%n days ago": "قبل %n يوم",
    "Back": "رجوع",
    "Save": "حفظ",
    "Camera": "الكاميرا",
    "Sync mode": "وضع المزامنة",
    "Verdict shown for (seconds)": "مدة عرض النتيجة (ثوانٍ)",
    "Warn on reuse within (minutes)": "تنبيه عند إعادة الاستخدام خلال (دقائق)",
    "Warn when data older than (hours)": "تنبيه عندما تكون البيانات أقدم من (ساعات)",
    "Sound": "الصوت",
    "Language": "اللغة",
    "Play a sound for each verdict": "تشغيل صوت لكل نتيجة",
    "System default": "افتراضي النظام",
    "Staff sign-in": "تسجيل دخول الموظفين",
    "Enter your PIN, or scan your staff badge.": "أدخل رمز PIN، أو امسح بطاقة الموظف.",
    "Sign in": "دخول",
    "No lounge selected": "لم تُختر صالة",
    "Synced %1": "آخر مزامنة %1",
    "%n to upload": "%n للرفع",
    "Camera fault": "عطل الكاميرا",
    "Mode": "الوضع",
    "Last successful sync": "آخر مزامنة ناجحة",
    "Last failure": "آخر فشل",
    "none": "لا يوجد",
    "Visits waiting to upload": "زيارات بانتظار الرفع",
    "Clock offset to central": "فرق الساعة عن النظام المركزي",
    "%1 s": "%1 ث",
    "Central service": "الخدمة المركزية",
    "not configured": "غير مضبوطة",
    "Initial download %p%": "التنزيل الأولي %p%",
    "Visit voided. The visit has been refunded to the pass.": "أُلغيت الزيارة وأُعيدت إلى البطاقة.",
    "Search name or number": "ابحث بالاسم أو الرقم",
    "Void visit": "إلغاء الزيارة",
    "Yes, void": "نعم، ألغِ",
    "Keep": "إبقاء",
    "Reason (optional)": "السبب (اختياري)",
    "Time": "الوقت",
    "Name": "الاسم",
    "Pass": "البطاقة",
    "People": "الأشخاص",
    "Status": "الحالة",
    "Staff": "الموظف",
    "Admitted %1 people in %2 visits (%3 guests), %4 voided, %5 waiting to upload":
        "دخل %1 شخصاً في %2 زيارة (%3 ضيوف)، %4 ملغاة، %5 بانتظار الرفع",
    "Void": "إلغاء",
    "A supervisor can void a visit made by mistake.": "يمكن للمشرف إلغاء زيارة سُجلت بالخطأ.",
    "Void the visit of %1 (%n person(s)) at %2? The visit is refunded to the pass.":
        "إلغاء زيارة %1 (%n شخص) في %2؟ ستُعاد الزيارة إلى البطاقة.",
    "Party of %n": "مجموعة من %n",
    "%1: unlimited": "%1: غير محدود",
    "%1: %2 of %3 left": "%1: متبقٍ %2 من %3",
    "Guests allowed: %1": "الضيوف المسموح بهم: %1",
    "The visit was not recorded. Do not admit. Call a supervisor.": "لم تُسجَّل الزيارة. لا تسمح بالدخول. اتصل بالمشرف.",
    "Admit anyway": "اسمح بالدخول على أي حال",
    "Next guest": "الضيف التالي",
    "OK": "موافق",
    "Sync now": "زامن الآن",
    "Wrong staff number or PIN. Try again.": "رقم الموظف أو الرمز السري غير صحيح. حاول مرة أخرى.",
    "%n second(s)": "%n ثانية",
    "%n minute(s)": "%n دقيقة",
    "Too many wrong PINs. This staff number is locked. Try again in %1, or ask a supervisor.": "محاولات خاطئة كثيرة. رقم الموظف هذا مقفل. حاول مجدداً بعد %1، أو اطلب المشرف.",
    "This staff account is disabled. Ask a supervisor.": "حساب الموظف هذا معطَّل. اطلب المشرف.",
    "This staff account may not sign in at this lounge. Ask a supervisor.": "لا يمكن لحساب الموظف هذا تسجيل الدخول في هذه الصالة. اطلب المشرف.",
    "Sign-in is not available right now.": "تسجيل الدخول غير متاح حالياً.",
    "Enter your staff number, or scan your staff badge.": "أدخل رقم الموظف، أو امسح بطاقة الموظف.",
    "Staff number %1: enter your PIN.": "رقم الموظف %1: أدخل الرمز السري.",
    "Next": "التالي",
    "Other staff number": "رقم موظف آخر",
    "Lock": "قفل",
    "%1 signed %2 out of this desk. Visits from now on are recorded under %1.":
        "سجّل %1 خروج %2 من هذا المكتب. تُسجَّل الزيارات من الآن باسم %1.",
    "Only a supervisor can sign %1 out. Ask %1 to unlock, or call a supervisor.":
        "لا يستطيع تسجيل خروج %1 إلا مشرف. اطلب من %1 فتح القفل، أو استدعِ مشرفًا.",
    "Lock when idle for (minutes, 0 = never)": "قفل المكتب بعد خمول لمدة (دقائق، 0 = أبدًا)",
    "Desk locked: %1 is signed in": "المكتب مقفل: %1 ما زال مسجّل الدخول",
    "%1: enter your PIN to continue. A supervisor's PIN signs %1 out.":
        "%1: أدخل رمزك السري للمتابعة. الرمز السري لمشرف يسجّل خروج %1.",
    "Supervisor: enter your staff number, or scan your badge, to sign %1 out and take over.":
        "المشرف: أدخل رقم الموظف أو امسح بطاقتك لتسجيل خروج %1 وتولّي المكتب.",
    "%1: enter your PIN to continue.": "%1: أدخل رمزك السري للمتابعة.",
    "Staff number %1: enter your PIN to sign %2 out and take over.":
        "رقم الموظف %1: أدخل رمزك السري لتسجيل خروج %2 وتولّي المكتب.",
    "Unlock": "فتح القفل",
    "Someone else": "شخص آخر",
    "Back to %1": "العودة إلى %1",
    "You can try again now.": "يمكنك المحاولة مرة أخرى الآن.",
    "Signed in": "سجّل الدخول",
    "Signed out": "سجّل الخروج",
    "Locked the desk": "قفل المكتب",
    "Unlocked the desk": "فتح قفل المكتب",
    "Signed %1 out and took over": "سجّل خروج %1 وتولّى المكتب",
    "Tried to sign %1 out: refused, not a supervisor": "حاول تسجيل خروج %1: رُفض، ليس مشرفًا",
    "Staff sessions": "جلسات الموظفين",
    "What happened": "ما حدث",
    "Demo: PIN 1234 agent, 2468 supervisor": "تجريبي: الرمز 1234 موظف، 2468 مشرف",
    "Decided offline: central did not answer in time. The visit uploads later.": "تقرر دون اتصال: لم يرد النظام المركزي في الوقت المحدد. تُرفع الزيارة لاحقاً.",
}

PLURAL_FORMS = {"en": 2, "zh_CN": 1, "ar": 6}


# Qt 6.4's lupdate does not resolve C++17 nested namespaces (`namespace lounge::gui {`), so it names contexts
# "BannerBar" where tr() looks up "lounge::gui::BannerBar". ReasonText uses Q_DECLARE_TR_FUNCTIONS(ReasonText).
UNQUALIFIED_CONTEXTS = {"ReasonText"}


def fill(lang, table):
    path = os.path.join(HERE, f"lounge_{lang}.ts")
    tree = ET.parse(path)
    for ctx in tree.getroot().iter("context"):
        name = ctx.find("name")
        if "::" not in name.text and name.text not in UNQUALIFIED_CONTEXTS:
            name.text = "lounge::gui::" + name.text
    missing = []
    for msg in tree.getroot().iter("message"):
        source = msg.find("source").text
        tr = msg.find("translation")
        numerus = msg.get("numerus") == "yes"
        for child in list(tr):
            tr.remove(child)
        tr.text = None
        if lang == "en":
            if numerus and source in EN_PLURALS:
                forms = EN_PLURALS[source]
            elif numerus:
                forms = [source, source]
            else:
                tr.attrib.pop("type", None)
                tr.text = source
                continue
        else:
            if source not in table:
                missing.append(source)
                tr.set("type", "unfinished")
                continue
            forms = [table[source]] * PLURAL_FORMS[lang]
        tr.attrib.pop("type", None)
        if numerus:
            for f in forms:
                ET.SubElement(tr, "numerusform").text = f
        else:
            tr.text = forms[0]
    body = ET.tostring(tree.getroot(), encoding="unicode")
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n")
    for m in missing:
        print(f"{lang}: untranslated: {m}", file=sys.stderr)
    return len(missing)


if __name__ == "__main__":
    bad = fill("en", {}) + fill("zh_CN", ZH) + fill("ar", AR)
    sys.exit(1 if bad else 0)

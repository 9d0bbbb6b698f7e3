<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>lounge::gui::BannerBar</name>
    <message>
        <source>⚠ %1 Visits cannot be recorded: do not admit until a green screen. Retrying…</source>
        <translation>⚠ %1 لا يمكن تسجيل الزيارات: لا تسمح بالدخول حتى تظهر شاشة خضراء. جارٍ إعادة المحاولة…</translation>
    </message>
    <message numerus="yes">
        <source>Offline: checking against the local cache. %Ln visit(s) waiting to upload.</source>
        <translation>
            <numerusform>غير متصل: يتم التحقق من البيانات المحلية. لا توجد زيارات بانتظار الرفع.</numerusform>
            <numerusform>غير متصل: يتم التحقق من البيانات المحلية. زيارة واحدة بانتظار الرفع.</numerusform>
            <numerusform>غير متصل: يتم التحقق من البيانات المحلية. زيارتان بانتظار الرفع.</numerusform>
            <numerusform>غير متصل: يتم التحقق من البيانات المحلية. %Ln زيارات بانتظار الرفع.</numerusform>
            <numerusform>غير متصل: يتم التحقق من البيانات المحلية. %Ln زيارة بانتظار الرفع.</numerusform>
            <numerusform>غير متصل: يتم التحقق من البيانات المحلية. %Ln زيارة بانتظار الرفع.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 signed %2 out of this desk. Visits from now on are recorded under %1.</source>
        <translation>سجّل %1 خروج %2 من هذا المكتب. تُسجَّل الزيارات من الآن باسم %1.</translation>
    </message>
    <message>
        <source>Data last updated %1. Check the network connection.</source>
        <translation>آخر تحديث للبيانات %1. تحقق من اتصال الشبكة.</translation>
    </message>
    <message>
        <source>checking the pass…</source>
        <translation>جارٍ التحقق من البطاقة…</translation>
    </message>
    <message>
        <source>Next guest: %1 (scanned, waits until this guest is finished)</source>
        <translation>الضيف التالي: %1 (تم المسح، ينتظر حتى الانتهاء من هذا الضيف)</translation>
    </message>
    <message>
        <source>That code is not a staff badge. Sign in first; guests are checked once the desk is open.</source>
        <translation>هذا الرمز ليس بطاقة موظف. سجّل الدخول أولًا؛ يُتحقق من الضيوف بعد فتح المكتب.</translation>
    </message>
    <message>
        <source>Finish this guest first: one more guest is already waiting. Scan again after.</source>
        <translation>أنهِ هذا الضيف أولًا: ضيف آخر ينتظر بالفعل. امسح مرة أخرى بعد ذلك.</translation>
    </message>
    <message>
        <source>⚠ %1 Do not admit, and do not set this desk up again: call IT to restore the file.</source>
        <translation>⚠ %1 لا تسمح بالدخول، ولا تُعِد إعداد هذا المكتب: اتصل بتقنية المعلومات لاستعادة الملف.</translation>
    </message>
    <message>
        <source>This is not a boarding pass. Scan the lounge pass or a boarding pass.</source>
        <translation>هذه ليست بطاقة صعود. امسح تصريح الصالة أو بطاقة صعود.</translation>
    </message>
    <message>
        <source>This boarding pass is damaged — scan it again.</source>
        <translation>بطاقة الصعود هذه تالفة — امسحها مرة أخرى.</translation>
    </message>
    <message>
        <source>Boarding passes are not checked at this lounge. Scan the lounge pass.</source>
        <translation>لا تُفحص بطاقات الصعود في هذه الصالة. امسح تصريح الصالة.</translation>
    </message>
</context>
<context>
    <name>lounge::gui::BoardingPassScreen</name>
    <message>
        <source>Only a supervisor can admit without a boarding pass.</source>
        <translation>المشرف فقط يمكنه السماح بالدخول دون بطاقة صعود.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again at %1.</source>
        <translation>عدد كبير من الأرقام السرية الخاطئة. حاول مجددًا في %1.</translation>
    </message>
    <message>
        <source>The override could not be checked. Try again.</source>
        <translation>تعذّر التحقق من التجاوز. حاول مرة أخرى.</translation>
    </message>
    <message>
        <source>Wrong staff number or PIN.</source>
        <translation>رقم الموظف أو الرقم السري غير صحيح.</translation>
    </message>
    <message>
        <source>Boarding pass on a phone that does not scan</source>
        <translation>بطاقة صعود على هاتف لا تُقرأ</translation>
    </message>
    <message>
        <source>Connecting flight: boarding pass not issued yet</source>
        <translation>رحلة متصلة: لم تُصدر بطاقة الصعود بعد</translation>
    </message>
    <message>
        <source>Airline check-in system down</source>
        <translation>نظام تسجيل الوصول لدى شركة الطيران متوقف</translation>
    </message>
    <message>
        <source>Crew or airline staff</source>
        <translation>طاقم أو موظفو شركة الطيران</translation>
    </message>
    <message>
        <source>Reason (pick or type)</source>
        <translation>السبب (اختر أو اكتب)</translation>
    </message>
    <message>
        <source>Supervisor staff number</source>
        <translation>رقم الموظف للمشرف</translation>
    </message>
    <message>
        <source>Supervisor PIN</source>
        <translation>الرقم السري للمشرف</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>رجوع</translation>
    </message>
    <message>
        <source>Admit without boarding pass</source>
        <translation>السماح بالدخول دون بطاقة صعود</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>No boarding pass</source>
        <translation>لا توجد بطاقة صعود</translation>
    </message>
    <message>
        <source>Admit without a boarding pass: a supervisor authorises, with a reason.</source>
        <translation>السماح بالدخول دون بطاقة صعود: يأذن المشرف مع ذكر السبب.</translation>
    </message>
    <message>
        <source>Admit without a boarding pass: give the reason.</source>
        <translation>السماح بالدخول دون بطاقة صعود: اذكر السبب.</translation>
    </message>
    <message>
        <source>Give a reason.</source>
        <translation>اذكر السبب.</translation>
    </message>
    <message>
        <source>A supervisor enters their staff number and PIN.</source>
        <translation>يُدخل المشرف رقم الموظف والرقم السري.</translation>
    </message>
    <message>
        <source>Scan boarding pass</source>
        <translation>امسح بطاقة الصعود</translation>
    </message>
    <message>
        <source>This lounge needs today&apos;s boarding pass.</source>
        <translation>تتطلب هذه الصالة بطاقة صعود إلى الطائرة لرحلة اليوم.</translation>
    </message>
    <message>
        <source>%1: this lounge needs today&apos;s boarding pass.</source>
        <translation>%1: تتطلب هذه الصالة بطاقة صعود لرحلة اليوم.</translation>
    </message>
    <message>
        <source>Now scan the lounge pass</source>
        <translation>امسح الآن تصريح الصالة</translation>
    </message>
    <message>
        <source>Boarding pass for %1</source>
        <translation>بطاقة صعود باسم %1</translation>
    </message>
    <message>
        <source>Boarding pass for %1, %2</source>
        <translation>بطاقة صعود باسم %1، %2</translation>
    </message>
    <message>
        <source>Guest %1 of %2: scan boarding pass</source>
        <translation>الضيف %1 من %2: امسح بطاقة الصعود</translation>
    </message>
    <message>
        <source>Guests of %1</source>
        <translation>ضيوف %1</translation>
    </message>
    <message>
        <source>This is not a boarding pass. Scan the boarding pass.</source>
        <translation>هذه ليست بطاقة صعود. امسح بطاقة الصعود.</translation>
    </message>
    <message>
        <source>This boarding pass is damaged — scan it again.</source>
        <translation>بطاقة الصعود هذه تالفة — امسحها مرة أخرى.</translation>
    </message>
    <message>
        <source>This is not a lounge pass. Scan the lounge pass.</source>
        <translation>هذا ليس تصريح صالة. امسح تصريح الصالة.</translation>
    </message>
</context>
<context>
    <name>lounge::gui::MainWindow</name>
    <message>
        <source>DEMO — demo data, not a real desk</source>
        <translation>عرض تجريبي — بيانات تجريبية، ليس مكتبًا حقيقيًا</translation>
    </message>
</context>
<context>
    <name>lounge::gui::ManualEntryScreen</name>
    <message>
        <source>Type the code or membership number</source>
        <translation>اكتب الرمز أو رقم العضوية</translation>
    </message>
    <message>
        <source>e.g. 6001234500001001</source>
        <translation>مثال: 6001234500001001</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>تحقق</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
</context>
<context>
    <name>lounge::gui::PaidEntryPanel</name>
    <message numerus="yes">
        <source>Paid entry recorded for %Ln person(s). Admit them.</source>
        <translation>
            <numerusform>سُجّل دخول مدفوع لـ %Ln شخص. اسمح لهم بالدخول.</numerusform>
            <numerusform>سُجّل دخول مدفوع لشخص واحد. اسمح له بالدخول.</numerusform>
            <numerusform>سُجّل دخول مدفوع لشخصين. اسمح لهما بالدخول.</numerusform>
            <numerusform>سُجّل دخول مدفوع لـ %Ln أشخاص. اسمح لهم بالدخول.</numerusform>
            <numerusform>سُجّل دخول مدفوع لـ %Ln شخصًا. اسمح لهم بالدخول.</numerusform>
            <numerusform>سُجّل دخول مدفوع لـ %Ln شخص. اسمح لهم بالدخول.</numerusform>
        </translation>
    </message>
    <message>
        <source>Paid entry not recorded: %1</source>
        <translation>لم يُسجَّل الدخول المدفوع: %1</translation>
    </message>
    <message>
        <source>Paid entry</source>
        <translation>دخول مدفوع</translation>
    </message>
    <message>
        <source>Amount (optional)</source>
        <translation>المبلغ (اختياري)</translation>
    </message>
    <message>
        <source>Record paid entry</source>
        <translation>تسجيل دخول مدفوع</translation>
    </message>
</context>
<context>
    <name>lounge::gui::PartySizeScreen</name>
    <message>
        <source>How many people are entering, including the member?</source>
        <translation>كم عدد الداخلين، بمن فيهم العضو؟</translation>
    </message>
    <message numerus="yes">
        <source>Up to %Ln guest(s) with this pass right now.</source>
        <translation>
            <numerusform>لا يُسمح بضيوف مع هذه البطاقة الآن.</numerusform>
            <numerusform>ضيف واحد كحد أقصى مع هذه البطاقة الآن.</numerusform>
            <numerusform>ضيفان كحد أقصى مع هذه البطاقة الآن.</numerusform>
            <numerusform>حتى %Ln ضيوف مع هذه البطاقة الآن.</numerusform>
            <numerusform>حتى %Ln ضيفًا مع هذه البطاقة الآن.</numerusform>
            <numerusform>حتى %Ln ضيف مع هذه البطاقة الآن.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Admit %Ln</source>
        <translation>
            <numerusform>إدخال %Ln</numerusform>
            <numerusform>إدخال شخص واحد</numerusform>
            <numerusform>إدخال شخصين</numerusform>
            <numerusform>إدخال %Ln أشخاص</numerusform>
            <numerusform>إدخال %Ln شخصًا</numerusform>
            <numerusform>إدخال %Ln شخص</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Admit anyway: how many people are entering, including the member?</source>
        <translation>السماح بالدخول رغم التنبيه: كم شخصًا سيدخل، بمن فيهم العضو؟</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>جارٍ التحقق…</translation>
    </message>
</context>
<context>
    <name>lounge::gui::ReadyScreen</name>
    <message>
        <source>Type a code</source>
        <translation>إدخال يدوي</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>اليوم</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>المزامنة</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>الإعدادات</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>قفل</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>تسجيل الخروج</translation>
    </message>
    <message>
        <source>Ready: hold the pass code up to the camera</source>
        <translation>جاهز: وجّه رمز البطاقة نحو الكاميرا</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>جارٍ التحقق…</translation>
    </message>
</context>
<context>
    <name>lounge::gui::ReasonText</name>
    <message>
        <source>Valid for entry.</source>
        <translation>صالح للدخول.</translation>
    </message>
    <message>
        <source>This code is not known to this terminal.</source>
        <translation>هذا الرمز غير معروف لهذا الجهاز.</translation>
    </message>
    <message>
        <source>This is not a lounge pass code.</source>
        <translation>هذا ليس رمز بطاقة صالة.</translation>
    </message>
    <message>
        <source>This pass is not valid yet.</source>
        <translation>هذه البطاقة غير سارية بعد.</translation>
    </message>
    <message>
        <source>This pass has expired.</source>
        <translation>انتهت صلاحية هذه البطاقة.</translation>
    </message>
    <message>
        <source>This membership is not activated yet.</source>
        <translation>هذه العضوية غير مفعّلة بعد.</translation>
    </message>
    <message>
        <source>This membership is suspended.</source>
        <translation>هذه العضوية موقوفة.</translation>
    </message>
    <message>
        <source>This membership was cancelled.</source>
        <translation>تم إلغاء هذه العضوية.</translation>
    </message>
    <message>
        <source>This E-pass was revoked.</source>
        <translation>تم سحب هذه البطاقة الإلكترونية.</translation>
    </message>
    <message>
        <source>This pass does not include this service.</source>
        <translation>هذه البطاقة لا تشمل هذه الخدمة.</translation>
    </message>
    <message>
        <source>This pass is not valid at this location.</source>
        <translation>هذه البطاقة غير صالحة في هذا الموقع.</translation>
    </message>
    <message>
        <source>No visits left on this pass.</source>
        <translation>لم يتبقَّ أي زيارات على هذه البطاقة.</translation>
    </message>
    <message>
        <source>Too many guests for this pass.</source>
        <translation>عدد الضيوف أكبر مما تسمح به البطاقة.</translation>
    </message>
    <message>
        <source>This pass was used here a few minutes ago.</source>
        <translation>استُخدمت هذه البطاقة هنا قبل دقائق.</translation>
    </message>
    <message>
        <source>The terminal&apos;s data is out of date.</source>
        <translation>بيانات الجهاز قديمة.</translation>
    </message>
    <message>
        <source>This terminal is not set up for a lounge.</source>
        <translation>لم يتم ضبط هذا الجهاز لصالة.</translation>
    </message>
    <message>
        <source>The terminal&apos;s database is not available.</source>
        <translation>قاعدة بيانات الجهاز غير متاحة.</translation>
    </message>
    <message>
        <source>This code is not genuine.</source>
        <translation>هذا الرمز غير أصلي.</translation>
    </message>
    <message>
        <source>This app code has expired.</source>
        <translation>انتهت صلاحية رمز التطبيق.</translation>
    </message>
    <message>
        <source>This app code is not valid yet.</source>
        <translation>رمز التطبيق غير ساري بعد.</translation>
    </message>
    <message>
        <source>This app code cannot be checked here.</source>
        <translation>لا يمكن التحقق من رمز التطبيق هنا.</translation>
    </message>
    <message>
        <source>This app code was already used.</source>
        <translation>تم استخدام رمز التطبيق من قبل.</translation>
    </message>
    <message>
        <source>A printed code is not accepted here.</source>
        <translation>الرمز المطبوع غير مقبول هنا.</translation>
    </message>
    <message>
        <source>The terminal&apos;s clock is not set.</source>
        <translation>ساعة الجهاز غير مضبوطة.</translation>
    </message>
    <message>
        <source>Not valid.</source>
        <translation>غير صالح.</translation>
    </message>
    <message>
        <source>Scan again, or type the membership number.</source>
        <translation>امسح مرة أخرى، أو اكتب رقم العضوية.</translation>
    </message>
    <message>
        <source>Ask the guest to contact their card issuer; offer paid entry.</source>
        <translation>اطلب من الضيف التواصل مع جهة إصدار البطاقة؛ اعرض الدخول المدفوع.</translation>
    </message>
    <message>
        <source>Do not admit. Offer paid entry.</source>
        <translation>لا تسمح بالدخول. اعرض الدخول المدفوع.</translation>
    </message>
    <message>
        <source>Direct the guest to a lounge their pass covers, or offer paid entry.</source>
        <translation>وجّه الضيف إلى صالة تشملها بطاقته، أو اعرض الدخول المدفوع.</translation>
    </message>
    <message>
        <source>Offer paid entry or a top-up from the card issuer.</source>
        <translation>اعرض الدخول المدفوع أو إعادة الشحن من جهة الإصدار.</translation>
    </message>
    <message>
        <source>Admit fewer guests; others can pay for entry.</source>
        <translation>أدخل عدداً أقل من الضيوف؛ يمكن للآخرين الدفع.</translation>
    </message>
    <message>
        <source>Check it is the same person coming back, then admit anyway.</source>
        <translation>تأكد أنه الشخص نفسه عائداً، ثم اسمح بالدخول على أي حال.</translation>
    </message>
    <message>
        <source>Check the network. Admit only if you are sure.</source>
        <translation>تحقق من الشبكة. اسمح بالدخول فقط إذا كنت متأكداً.</translation>
    </message>
    <message>
        <source>Ask a supervisor to choose the lounge in Settings.</source>
        <translation>اطلب من المشرف اختيار الصالة من الإعدادات.</translation>
    </message>
    <message>
        <source>Call a supervisor. Do not admit until the screen is green.</source>
        <translation>اتصل بالمشرف. لا تسمح بالدخول حتى تصبح الشاشة خضراء.</translation>
    </message>
    <message>
        <source>Do not admit. Call a supervisor.</source>
        <translation>لا تسمح بالدخول. اتصل بالمشرف.</translation>
    </message>
    <message>
        <source>Ask the guest to refresh the code in their app.</source>
        <translation>اطلب من الضيف تحديث الرمز في التطبيق.</translation>
    </message>
    <message>
        <source>Ask the guest to show the code from their app, or type the membership number.</source>
        <translation>اطلب من الضيف عرض الرمز من التطبيق، أو اكتب رقم العضوية.</translation>
    </message>
    <message>
        <source>Call a supervisor to sync the terminal.</source>
        <translation>اتصل بالمشرف لمزامنة الجهاز.</translation>
    </message>
    <message>
        <source>ACCEPT</source>
        <translation>مقبول</translation>
    </message>
    <message>
        <source>ATTENTION</source>
        <translation>تنبيه</translation>
    </message>
    <message>
        <source>REJECT</source>
        <translation>مرفوض</translation>
    </message>
    <message>
        <source>NOT RECORDED</source>
        <translation>لم يُسجَّل</translation>
    </message>
    <message>
        <source>The terminal&apos;s disk is full.</source>
        <translation>قرص الجهاز ممتلئ.</translation>
    </message>
    <message>
        <source>The terminal cannot write its database.</source>
        <translation>لا يستطيع الجهاز الكتابة في قاعدة البيانات.</translation>
    </message>
    <message>
        <source>The database is busy in another program.</source>
        <translation>قاعدة البيانات مشغولة ببرنامج آخر.</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>رمز PIN خاطئ.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Wait, or ask a supervisor.</source>
        <translation>محاولات خاطئة كثيرة. انتظر، أو اطلب المشرف.</translation>
    </message>
    <message>
        <source>This visit can no longer be voided.</source>
        <translation>لم يعد بالإمكان إلغاء هذه الزيارة.</translation>
    </message>
    <message>
        <source>Member visits</source>
        <translation>زيارات العضو</translation>
    </message>
    <message>
        <source>Guest visits</source>
        <translation>زيارات الضيوف</translation>
    </message>
    <message>
        <source>Shared visits</source>
        <translation>زيارات مشتركة</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>الزيارات</translation>
    </message>
    <message>
        <source>Lounge</source>
        <translation>الصالة</translation>
    </message>
    <message>
        <source>Fast Track</source>
        <translation>المسار السريع</translation>
    </message>
    <message>
        <source>Dining</source>
        <translation>المطاعم</translation>
    </message>
    <message>
        <source>Camera off</source>
        <translation>الكاميرا متوقفة</translation>
    </message>
    <message>
        <source>Camera starting</source>
        <translation>جارٍ تشغيل الكاميرا</translation>
    </message>
    <message>
        <source>Camera on</source>
        <translation>الكاميرا تعمل</translation>
    </message>
    <message>
        <source>Demo video</source>
        <translation>فيديو تجريبي</translation>
    </message>
    <message>
        <source>No camera found. Use the handheld scanner or type the code.</source>
        <translation>لا توجد كاميرا. استخدم الماسح اليدوي أو اكتب الرمز.</translation>
    </message>
    <message>
        <source>Camera unplugged. Plug it back in, or type the code.</source>
        <translation>الكاميرا مفصولة. أعد توصيلها، أو اكتب الرمز.</translation>
    </message>
    <message>
        <source>Camera in use by another program. Retrying.</source>
        <translation>الكاميرا مستخدمة من برنامج آخر. جارٍ إعادة المحاولة.</translation>
    </message>
    <message>
        <source>No permission to use the camera.</source>
        <translation>لا يوجد إذن لاستخدام الكاميرا.</translation>
    </message>
    <message>
        <source>Camera failed. Retrying; type the code meanwhile.</source>
        <translation>تعطلت الكاميرا. جارٍ إعادة المحاولة؛ اكتب الرمز في الأثناء.</translation>
    </message>
    <message>
        <source>Standalone</source>
        <translation>مستقل</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>متصل</translation>
    </message>
    <message>
        <source>Syncing</source>
        <translation>جارٍ المزامنة</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>غير متصل</translation>
    </message>
    <message>
        <source>Sync error</source>
        <translation>خطأ في المزامنة</translation>
    </message>
    <message>
        <source>Online first</source>
        <translation>الاتصال أولاً</translation>
    </message>
    <message>
        <source>Offline first</source>
        <translation>المحلي أولاً</translation>
    </message>
    <message>
        <source>Waiting to upload</source>
        <translation>بانتظار الرفع</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>تم الرفع</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>تمت المزامنة</translation>
    </message>
    <message>
        <source>Synced (overdrawn)</source>
        <translation>تمت المزامنة (تجاوز الرصيد)</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>ملغاة</translation>
    </message>
    <message>
        <source>Refused by central</source>
        <translation>رفضها النظام المركزي</translation>
    </message>
    <message>
        <source>never</source>
        <translation>أبداً</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>الآن</translation>
    </message>
    <message numerus="yes">
        <source>%Ln min ago</source>
        <translation>
            <numerusform>منذ %Ln دقيقة</numerusform>
            <numerusform>منذ دقيقة واحدة</numerusform>
            <numerusform>منذ دقيقتين</numerusform>
            <numerusform>منذ %Ln دقائق</numerusform>
            <numerusform>منذ %Ln دقيقة</numerusform>
            <numerusform>منذ %Ln دقيقة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln h ago</source>
        <translation>
            <numerusform>منذ %Ln ساعة</numerusform>
            <numerusform>منذ ساعة واحدة</numerusform>
            <numerusform>منذ ساعتين</numerusform>
            <numerusform>منذ %Ln ساعات</numerusform>
            <numerusform>منذ %Ln ساعة</numerusform>
            <numerusform>منذ %Ln ساعة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln days ago</source>
        <translation>
            <numerusform>منذ %Ln يوم</numerusform>
            <numerusform>منذ يوم واحد</numerusform>
            <numerusform>منذ يومين</numerusform>
            <numerusform>منذ %Ln أيام</numerusform>
            <numerusform>منذ %Ln يومًا</numerusform>
            <numerusform>منذ %Ln يوم</numerusform>
        </translation>
    </message>
    <message>
        <source>Wrong staff number or PIN. Try again.</source>
        <translation>رقم الموظف أو الرمز السري غير صحيح. حاول مرة أخرى.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln second(s)</source>
        <translation>
            <numerusform>%Ln ثانية</numerusform>
            <numerusform>ثانية واحدة</numerusform>
            <numerusform>ثانيتين</numerusform>
            <numerusform>%Ln ثوانٍ</numerusform>
            <numerusform>%Ln ثانية</numerusform>
            <numerusform>%Ln ثانية</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln minute(s)</source>
        <translation>
            <numerusform>%Ln دقيقة</numerusform>
            <numerusform>دقيقة واحدة</numerusform>
            <numerusform>دقيقتين</numerusform>
            <numerusform>%Ln دقائق</numerusform>
            <numerusform>%Ln دقيقة</numerusform>
            <numerusform>%Ln دقيقة</numerusform>
        </translation>
    </message>
    <message>
        <source>Too many wrong PINs. This staff number is locked. Try again in %1, or ask a supervisor.</source>
        <translation>محاولات خاطئة كثيرة. رقم الموظف هذا مقفل. حاول مجدداً بعد %1، أو اطلب المشرف.</translation>
    </message>
    <message>
        <source>This staff account is disabled. Ask a supervisor.</source>
        <translation>حساب الموظف هذا معطَّل. اطلب المشرف.</translation>
    </message>
    <message>
        <source>This staff account may not sign in at this lounge. Ask a supervisor.</source>
        <translation>لا يمكن لحساب الموظف هذا تسجيل الدخول في هذه الصالة. اطلب المشرف.</translation>
    </message>
    <message>
        <source>Sign-in is not available right now.</source>
        <translation>تسجيل الدخول غير متاح حالياً.</translation>
    </message>
    <message>
        <source>Only a supervisor can sign %1 out. Ask %1 to unlock, or call a supervisor.</source>
        <translation>لا يستطيع تسجيل خروج %1 إلا مشرف. اطلب من %1 فتح القفل، أو استدعِ مشرفًا.</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>سجّل الدخول</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>سجّل الخروج</translation>
    </message>
    <message>
        <source>Locked the desk</source>
        <translation>قفل المكتب</translation>
    </message>
    <message>
        <source>Unlocked the desk</source>
        <translation>فتح قفل المكتب</translation>
    </message>
    <message>
        <source>Signed %1 out and took over</source>
        <translation>سجّل خروج %1 وتولّى المكتب</translation>
    </message>
    <message>
        <source>Tried to sign %1 out: refused, not a supervisor</source>
        <translation>حاول تسجيل خروج %1: رُفض، ليس مشرفًا</translation>
    </message>
    <message>
        <source>Staff %1</source>
        <translation>الموظف %1</translation>
    </message>
    <message>
        <source>less than a minute ago</source>
        <translation>قبل أقل من دقيقة</translation>
    </message>
    <message numerus="yes">
        <source>%Ln minute(s) ago</source>
        <translation>
            <numerusform>قبل %Ln دقيقة</numerusform>
            <numerusform>قبل دقيقة واحدة</numerusform>
            <numerusform>قبل دقيقتين</numerusform>
            <numerusform>قبل %Ln دقائق</numerusform>
            <numerusform>قبل %Ln دقيقة</numerusform>
            <numerusform>قبل %Ln دقيقة</numerusform>
        </translation>
    </message>
    <message>
        <source>this desk</source>
        <translation>هذا المكتب</translation>
    </message>
    <message>
        <source>desk %1</source>
        <translation>المكتب %1</translation>
    </message>
    <message>
        <source>Used here %1, at %2: %3 at %4, by %5.</source>
        <translation>استُخدمت هنا %1، الساعة %2: %3 في %4، بواسطة %5.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln person(s)</source>
        <translation>
            <numerusform>%Ln شخص</numerusform>
            <numerusform>شخص واحد</numerusform>
            <numerusform>شخصان</numerusform>
            <numerusform>%Ln أشخاص</numerusform>
            <numerusform>%Ln شخصًا</numerusform>
            <numerusform>%Ln شخص</numerusform>
        </translation>
    </message>
    <message>
        <source>The central service could not be reached. Check the network cable or Wi-Fi.</source>
        <translation>تعذّر الوصول إلى الخدمة المركزية. تحقق من كابل الشبكة أو Wi-Fi.</translation>
    </message>
    <message>
        <source>The central service did not answer in time.</source>
        <translation>لم ترد الخدمة المركزية في الوقت المحدد.</translation>
    </message>
    <message>
        <source>The central service sent an answer this terminal cannot read. Ask IT to check the versions.</source>
        <translation>أرسلت الخدمة المركزية ردًا لا يستطيع هذا الجهاز قراءته. اطلب من قسم تقنية المعلومات التحقق من الإصدارات.</translation>
    </message>
    <message>
        <source>The central service no longer knows this terminal. Ask IT to enroll it again.</source>
        <translation>لم تعد الخدمة المركزية تعرف هذا الجهاز. اطلب من قسم تقنية المعلومات تسجيله من جديد.</translation>
    </message>
    <message>
        <source>The central service refused this terminal. Ask IT to check its lounge and enrollment.</source>
        <translation>رفضت الخدمة المركزية هذا الجهاز. اطلب من قسم تقنية المعلومات التحقق من الصالة والتسجيل.</translation>
    </message>
    <message>
        <source>The terminal could not save what it received. Ask IT to check the terminal&apos;s storage.</source>
        <translation>تعذّر على الجهاز حفظ ما استلمه. اطلب من قسم تقنية المعلومات فحص وحدة التخزين.</translation>
    </message>
    <message>
        <source>Sync stopped because of an unexpected error. It will try again by itself.</source>
        <translation>توقفت المزامنة بسبب خطأ غير متوقع. ستعيد المحاولة تلقائيًا.</translation>
    </message>
    <message>
        <source>The terminal&apos;s data file is damaged, emptied or replaced: the visits not yet sent and this desk&apos;s enrollment are in that file.</source>
        <translation>ملف بيانات الجهاز تالف أو أُفرغ أو استُبدل: الزيارات التي لم تُرسل بعد وتسجيل هذا المكتب موجودة في ذلك الملف.</translation>
    </message>
    <message>
        <source>This lane needs a booking. This pass has no booking for now.</source>
        <translation>هذا المسار يتطلب حجزًا. لا يوجد حجز لهذه البطاقة في هذا الوقت.</translation>
    </message>
    <message>
        <source>This booking was already used.</source>
        <translation>استُخدم هذا الحجز من قبل.</translation>
    </message>
    <message>
        <source>This booking was cancelled.</source>
        <translation>أُلغي هذا الحجز.</translation>
    </message>
    <message>
        <source>This pass is booked for another time.</source>
        <translation>هذه البطاقة محجوزة لوقت آخر.</translation>
    </message>
    <message>
        <source>Direct the guest to the standard lane.</source>
        <translation>وجّه الضيف إلى المسار العادي.</translation>
    </message>
    <message>
        <source>Check the booked time. Admit anyway only if the guest may use the lane now.</source>
        <translation>تحقق من وقت الحجز. اسمح بالدخول رغم ذلك فقط إذا كان للضيف استخدام المسار الآن.</translation>
    </message>
    <message>
        <source>Booked %1–%2</source>
        <translation>محجوز %1–%2</translation>
    </message>
    <message>
        <source>flight %1</source>
        <translation>الرحلة %1</translation>
    </message>
    <message numerus="yes">
        <source>for %Ln person(s)</source>
        <translation>
            <numerusform>لـ %Ln شخص</numerusform>
            <numerusform>لشخص واحد</numerusform>
            <numerusform>لشخصين</numerusform>
            <numerusform>لـ %Ln أشخاص</numerusform>
            <numerusform>لـ %Ln شخصًا</numerusform>
            <numerusform>لـ %Ln شخص</numerusform>
        </translation>
    </message>
    <message>
        <source>This lounge needs today&apos;s boarding pass.</source>
        <translation>تتطلب هذه الصالة بطاقة صعود إلى الطائرة لرحلة اليوم.</translation>
    </message>
    <message>
        <source>This boarding pass is not for a flight from this airport.</source>
        <translation>بطاقة الصعود هذه ليست لرحلة من هذا المطار.</translation>
    </message>
    <message>
        <source>This boarding pass is not for today.</source>
        <translation>بطاقة الصعود هذه ليست لرحلة اليوم.</translation>
    </message>
    <message>
        <source>This pass does not cover this travel class.</source>
        <translation>هذا التصريح لا يشمل درجة السفر هذه.</translation>
    </message>
    <message>
        <source>This pass does not cover this airline.</source>
        <translation>هذا التصريح لا يشمل شركة الطيران هذه.</translation>
    </message>
    <message>
        <source>The booking is for another flight.</source>
        <translation>الحجز لرحلة أخرى.</translation>
    </message>
    <message>
        <source>The boarding pass shows another name.</source>
        <translation>بطاقة الصعود تحمل اسمًا آخر.</translation>
    </message>
    <message>
        <source>This boarding pass was already used here today.</source>
        <translation>استُخدمت بطاقة الصعود هذه هنا اليوم بالفعل.</translation>
    </message>
    <message>
        <source>Scan the guest&apos;s boarding pass.</source>
        <translation>امسح بطاقة صعود الضيف.</translation>
    </message>
    <message>
        <source>Check the boarding pass. Do not admit without a flight from here today.</source>
        <translation>تحقق من بطاقة الصعود. لا تسمح بالدخول دون رحلة من هنا اليوم.</translation>
    </message>
    <message>
        <source>Do not admit with this pass. Offer paid entry.</source>
        <translation>لا تسمح بالدخول بهذا التصريح. اعرض الدخول المدفوع.</translation>
    </message>
    <message>
        <source>Check the guest&apos;s ID against both names, then admit anyway or refuse.</source>
        <translation>قارن هوية الضيف بالاسمين، ثم اسمح بالدخول أو ارفض.</translation>
    </message>
    <message>
        <source>Check it is the same traveller coming back, then admit anyway.</source>
        <translation>تأكد أنه المسافر نفسه عائدًا، ثم اسمح بالدخول.</translation>
    </message>
    <message>
        <source>Flight %1 %2</source>
        <translation>الرحلة %1 %2</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 ← %2</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>الدرجة %1</translation>
    </message>
</context>
<context>
    <name>lounge::gui::SettingsScreen</name>
    <message>
        <source>Settings</source>
        <translation>الإعدادات</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>رجوع</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>حفظ</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>الكاميرا</translation>
    </message>
    <message>
        <source>Lounge</source>
        <translation>الصالة</translation>
    </message>
    <message>
        <source>Sync mode</source>
        <translation>وضع المزامنة</translation>
    </message>
    <message>
        <source>Verdict shown for (seconds)</source>
        <translation>مدة عرض النتيجة (ثوانٍ)</translation>
    </message>
    <message>
        <source>Lock when idle for (minutes, 0 = never)</source>
        <translation>قفل المكتب بعد خمول لمدة (دقائق، 0 = أبدًا)</translation>
    </message>
    <message>
        <source>Warn on reuse within (minutes)</source>
        <translation>تنبيه عند إعادة الاستخدام خلال (دقائق)</translation>
    </message>
    <message>
        <source>Warn when data older than (hours)</source>
        <translation>تنبيه عندما تكون البيانات أقدم من (ساعات)</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>الصوت</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <source>Play a sound for each verdict</source>
        <translation>تشغيل صوت لكل نتيجة</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>افتراضي النظام</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>تم حفظ الإعدادات.</translation>
    </message>
    <message>
        <source>Only a supervisor can change the settings.</source>
        <translation>لا يستطيع تغيير الإعدادات إلا مشرف.</translation>
    </message>
    <message>
        <source>Settings not saved: %1</source>
        <translation>لم تُحفظ الإعدادات: %1</translation>
    </message>
    <message>
        <source>Your changes are not saved. Leave without saving them?</source>
        <translation>لم تُحفظ تغييراتك. هل تغادر دون حفظها؟</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>تجاهل التغييرات</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>متابعة التعديل</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>جارٍ الحفظ…</translation>
    </message>
</context>
<context>
    <name>lounge::gui::SetupScreen</name>
    <message>
        <source>Set up this desk</source>
        <translation>إعداد هذا المكتب</translation>
    </message>
    <message>
        <source>Hold the set-up QR code from your IT team up to the camera or scan it with the handheld scanner. No QR code? Type central&apos;s address and the one-time code printed with it.</source>
        <translation>اعرض رمز QR الخاص بالإعداد من فريق تقنية المعلومات أمام الكاميرا أو امسحه بالماسح اليدوي. لا يوجد رمز QR؟ اكتب عنوان الخدمة المركزية والرمز لمرة واحدة المطبوع معه.</translation>
    </message>
    <message>
        <source>Central address</source>
        <translation>عنوان الخدمة المركزية</translation>
    </message>
    <message>
        <source>https://central.example.org</source>
        <translation>https://central.example.org</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>رمز لمرة واحدة</translation>
    </message>
    <message>
        <source>Set up</source>
        <translation>إعداد</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>أعد المحاولة</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>جرّب العرض التجريبي</translation>
    </message>
    <message>
        <source>That is not a central address. Type it as printed under the QR code, starting with https:// (for example https://central.example.org).</source>
        <translation>هذا ليس عنوان خدمة مركزية. اكتبه كما هو مطبوع تحت رمز QR، بدءًا بـ https://‎ (مثلًا https://central.example.org).</translation>
    </message>
    <message>
        <source>Type the one-time code as well: it is printed with the QR code.</source>
        <translation>اكتب الرمز لمرة واحدة أيضًا: إنه مطبوع مع رمز QR.</translation>
    </message>
    <message>
        <source>That is not a set-up code. Scan the set-up QR code your IT team printed for this desk.</source>
        <translation>هذا ليس رمز إعداد. امسح رمز QR للإعداد الذي طبعه فريق تقنية المعلومات لهذا المكتب.</translation>
    </message>
    <message>
        <source>Central did not accept this code: it is mistyped, already used or expired. Ask IT for a new set-up code (lounge-central enroll-code --qr) and scan it.</source>
        <translation>لم تقبل الخدمة المركزية هذا الرمز: إما أنه مكتوب خطأ أو مستخدم من قبل أو منتهي الصلاحية. اطلب من تقنية المعلومات رمز إعداد جديدًا (lounge-central enroll-code --qr) وامسحه.</translation>
    </message>
    <message>
        <source>Central does not answer at %1. Check the desk&apos;s network cable or Wi-Fi and the address, then press Set up again.</source>
        <translation>الخدمة المركزية لا تستجيب على %1. تحقق من كابل الشبكة أو شبكة Wi-Fi للمكتب ومن العنوان، ثم اضغط «إعداد» مرة أخرى.</translation>
    </message>
    <message>
        <source>Central&apos;s certificate is issued for a different name than %1. Type the address exactly as printed on the set-up sheet (the name, not an IP address), or ask IT to fix the certificate.</source>
        <translation>شهادة الخدمة المركزية صادرة لاسم غير %1. اكتب العنوان تمامًا كما هو مطبوع في ورقة الإعداد (الاسم، لا عنوان IP)، أو اطلب من تقنية المعلومات إصلاح الشهادة.</translation>
    </message>
    <message>
        <source>This desk does not trust central&apos;s certificate at %1 (self-signed, unknown authority or expired). Ask IT to install a trusted certificate on central.</source>
        <translation>هذا المكتب لا يثق بشهادة الخدمة المركزية على %1 (موقّعة ذاتيًا أو من جهة غير معروفة أو منتهية). اطلب من تقنية المعلومات تثبيت شهادة موثوقة على الخدمة المركزية.</translation>
    </message>
    <message>
        <source>This desk cannot write its data (%1). Call IT: the disk may be full or read-only.</source>
        <translation>لا يستطيع هذا المكتب كتابة بياناته (%1). اتصل بتقنية المعلومات: قد يكون القرص ممتلئًا أو للقراءة فقط.</translation>
    </message>
    <message>
        <source>The desk is enrolled, but the first download stopped. Check the network, then press Try again.</source>
        <translation>تم تسجيل المكتب، لكن التنزيل الأول توقف. تحقق من الشبكة، ثم اضغط «أعد المحاولة».</translation>
    </message>
    <message>
        <source>Enrolling at %1…</source>
        <translation>جارٍ التسجيل لدى %1…</translation>
    </message>
    <message>
        <source>Downloading memberships and passes: %1 of %2</source>
        <translation>جارٍ تنزيل العضويات والتصاريح: %1 من %2</translation>
    </message>
    <message>
        <source>Downloading memberships and passes: %1</source>
        <translation>جارٍ تنزيل العضويات والتصاريح: %1</translation>
    </message>
</context>
<context>
    <name>lounge::gui::ShiftReportDocument</name>
    <message>
        <source>Visits</source>
        <translation>الزيارات</translation>
    </message>
    <message>
        <source>Cardholders</source>
        <translation>حاملو البطاقات</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>الضيوف</translation>
    </message>
    <message>
        <source>Paid entry people</source>
        <translation>أشخاص الدخول المدفوع</translation>
    </message>
    <message>
        <source>People</source>
        <translation>الأشخاص</translation>
    </message>
    <message>
        <source>End-of-shift report</source>
        <translation>تقرير نهاية المناوبة</translation>
    </message>
    <message>
        <source>Terminal %1 · lounge %2 · %3 to %4 (%5)</source>
        <translation>الجهاز %1 · الصالة %2 · من %3 إلى %4 (%5)</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>المجاميع</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>المرفوضة</translation>
    </message>
    <message>
        <source>All day</source>
        <translation>طوال اليوم</translation>
    </message>
    <message>
        <source>Paid entries: %1 (%2 people), amount %3</source>
        <translation>الدخول المدفوع: %1 (%2 أشخاص)، المبلغ %3</translation>
    </message>
    <message>
        <source>By programme</source>
        <translation>حسب البرنامج</translation>
    </message>
    <message>
        <source>Programme</source>
        <translation>البرنامج</translation>
    </message>
    <message>
        <source>Paid entry</source>
        <translation>دخول مدفوع</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>أخرى</translation>
    </message>
    <message>
        <source>By hour</source>
        <translation>حسب الساعة</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>الساعة</translation>
    </message>
    <message>
        <source>Refused scans by reason</source>
        <translation>عمليات المسح المرفوضة حسب السبب</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>السبب</translation>
    </message>
    <message>
        <source>Admitted anyway (overrides)</source>
        <translation>سُمح بالدخول رغم التنبيه (تجاوزات)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>الوقت</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>الموظف</translation>
    </message>
    <message>
        <source>Why the desk asked</source>
        <translation>سبب التنبيه</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>الاسم</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>voided later</source>
        <translation>أُلغيت لاحقًا</translation>
    </message>
    <message>
        <source>stands</source>
        <translation>سارية</translation>
    </message>
    <message>
        <source>Voids</source>
        <translation>الإلغاءات</translation>
    </message>
    <message>
        <source>Reason given</source>
        <translation>السبب المذكور</translation>
    </message>
</context>
<context>
    <name>lounge::gui::ShiftReportModel</name>
    <message numerus="yes">
        <source>All day: %Ln person(s)</source>
        <translation>
            <numerusform>طوال اليوم: %Ln شخص</numerusform>
            <numerusform>طوال اليوم: شخص واحد</numerusform>
            <numerusform>طوال اليوم: شخصان</numerusform>
            <numerusform>طوال اليوم: %Ln أشخاص</numerusform>
            <numerusform>طوال اليوم: %Ln شخصًا</numerusform>
            <numerusform>طوال اليوم: %Ln شخص</numerusform>
        </translation>
    </message>
    <message>
        <source>By programme</source>
        <translation>حسب البرنامج</translation>
    </message>
    <message>
        <source>Paid entry</source>
        <translation>دخول مدفوع</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>أخرى</translation>
    </message>
    <message>
        <source>By hour</source>
        <translation>حسب الساعة</translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation>%1–%2</translation>
    </message>
    <message>
        <source>Refused scans</source>
        <translation>عمليات المسح المرفوضة</translation>
    </message>
    <message>
        <source>Admitted anyway (overrides): %1</source>
        <translation>سُمح بالدخول رغم التنبيه (تجاوزات): %1</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>voided later</source>
        <translation>أُلغيت لاحقًا</translation>
    </message>
    <message>
        <source>Voids: %1</source>
        <translation>الإلغاءات: %1</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>بلا سبب مذكور</translation>
    </message>
    <message>
        <source>Paid entries: %1, amount %2</source>
        <translation>الدخول المدفوع: %1، المبلغ %2</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>تقرير المناوبة</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>الزيارات</translation>
    </message>
    <message>
        <source>Holders</source>
        <translation>الحاملون</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>الضيوف</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>مدفوع</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>مرفوض</translation>
    </message>
</context>
<context>
    <name>lounge::gui::SignInScreen</name>
    <message>
        <source>Demo: PIN 1234 agent, 2468 supervisor</source>
        <translation>تجريبي: الرمز 1234 موظف، 2468 مشرف</translation>
    </message>
    <message>
        <source>Staff sign-in</source>
        <translation>تسجيل دخول الموظفين</translation>
    </message>
    <message>
        <source>Enter your PIN, or scan your staff badge.</source>
        <translation>أدخل رمز PIN، أو امسح بطاقة الموظف.</translation>
    </message>
    <message>
        <source>Enter your staff number, or scan your staff badge.</source>
        <translation>أدخل رقم الموظف، أو امسح بطاقة الموظف.</translation>
    </message>
    <message>
        <source>Staff number %1: enter your PIN.</source>
        <translation>رقم الموظف %1: أدخل الرمز السري.</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>التالي</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>دخول</translation>
    </message>
    <message>
        <source>Other staff number</source>
        <translation>رقم موظف آخر</translation>
    </message>
    <message>
        <source>Desk locked: %1 is signed in</source>
        <translation>المكتب مقفل: %1 ما زال مسجّل الدخول</translation>
    </message>
    <message>
        <source>%1: enter your PIN to continue. A supervisor&apos;s PIN signs %1 out.</source>
        <translation>%1: أدخل رمزك السري للمتابعة. الرمز السري لمشرف يسجّل خروج %1.</translation>
    </message>
    <message>
        <source>Supervisor: enter your staff number, or scan your badge, to sign %1 out and take over.</source>
        <translation>المشرف: أدخل رقم الموظف أو امسح بطاقتك لتسجيل خروج %1 وتولّي المكتب.</translation>
    </message>
    <message>
        <source>%1: enter your PIN to continue.</source>
        <translation>%1: أدخل رمزك السري للمتابعة.</translation>
    </message>
    <message>
        <source>Staff number %1: enter your PIN to sign %2 out and take over.</source>
        <translation>رقم الموظف %1: أدخل رمزك السري لتسجيل خروج %2 وتولّي المكتب.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>فتح القفل</translation>
    </message>
    <message>
        <source>Someone else</source>
        <translation>شخص آخر</translation>
    </message>
    <message>
        <source>Back to %1</source>
        <translation>العودة إلى %1</translation>
    </message>
    <message>
        <source>You can try again now.</source>
        <translation>يمكنك المحاولة مرة أخرى الآن.</translation>
    </message>
    <message>
        <source>123 Digits</source>
        <translation>١٢٣ أرقام</translation>
    </message>
    <message>
        <source>ABC Letters</source>
        <translation>ABC حروف</translation>
    </message>
</context>
<context>
    <name>lounge::gui::StatusBar</name>
    <message>
        <source>No lounge selected</source>
        <translation>لم تُختر صالة</translation>
    </message>
    <message>
        <source>Synced %1</source>
        <translation>آخر مزامنة %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln to upload</source>
        <translation>
            <numerusform>لا شيء للرفع</numerusform>
            <numerusform>زيارة واحدة للرفع</numerusform>
            <numerusform>زيارتان للرفع</numerusform>
            <numerusform>%Ln زيارات للرفع</numerusform>
            <numerusform>%Ln زيارة للرفع</numerusform>
            <numerusform>%Ln زيارة للرفع</numerusform>
        </translation>
    </message>
    <message>
        <source>Camera fault</source>
        <translation>عطل الكاميرا</translation>
    </message>
    <message>
        <source>Not connected to a central service</source>
        <translation>غير متصل بخدمة مركزية</translation>
    </message>
</context>
<context>
    <name>lounge::gui::SyncScreen</name>
    <message>
        <source>Sync</source>
        <translation>المزامنة</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>رجوع</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>زامن الآن</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>الوضع</translation>
    </message>
    <message>
        <source>Last successful sync</source>
        <translation>آخر مزامنة ناجحة</translation>
    </message>
    <message>
        <source>Last failure</source>
        <translation>آخر فشل</translation>
    </message>
    <message>
        <source>none</source>
        <translation>لا يوجد</translation>
    </message>
    <message>
        <source>Visits waiting to upload</source>
        <translation>زيارات بانتظار الرفع</translation>
    </message>
    <message>
        <source>Clock offset to central</source>
        <translation>فرق الساعة عن النظام المركزي</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 ث</translation>
    </message>
    <message>
        <source>Central service</source>
        <translation>الخدمة المركزية</translation>
    </message>
    <message>
        <source>Initial download %p%</source>
        <translation>التنزيل الأولي %p%</translation>
    </message>
    <message>
        <source>Not connected to a central service</source>
        <translation>غير متصل بخدمة مركزية</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>الزيارات</translation>
    </message>
    <message>
        <source>Recorded on this terminal only.</source>
        <translation>تُسجَّل على هذا الجهاز فقط.</translation>
    </message>
    <message>
        <source>To connect</source>
        <translation>للاتصال</translation>
    </message>
    <message>
        <source>Ask IT to enroll this terminal with the central service.</source>
        <translation>اطلب من قسم تقنية المعلومات تسجيل هذا الجهاز لدى الخدمة المركزية.</translation>
    </message>
</context>
<context>
    <name>lounge::gui::TodayModel</name>
    <message>
        <source>Time</source>
        <translation>الوقت</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>الاسم</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>البطاقة</translation>
    </message>
    <message>
        <source>People</source>
        <translation>الأشخاص</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>الموظف</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>مرفوض: %1</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Void: %1</source>
        <translation>إلغاء: %1</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>ملغاة</translation>
    </message>
    <message>
        <source>Paid entry (%1)</source>
        <translation>دخول مدفوع (%1)</translation>
    </message>
    <message>
        <source>Paid entry</source>
        <translation>دخول مدفوع</translation>
    </message>
    <message>
        <source>Guest count changed</source>
        <translation>تغيّر عدد الضيوف</translation>
    </message>
    <message>
        <source>Admitted anyway: %1</source>
        <translation>سُمح بالدخول رغم التنبيه: %1</translation>
    </message>
    <message>
        <source>No boarding pass: %1 (%2)</source>
        <translation>لا توجد بطاقة صعود: %1 (%2)</translation>
    </message>
</context>
<context>
    <name>lounge::gui::TodayScreen</name>
    <message>
        <source>Visit voided. The visit has been refunded to the pass.</source>
        <translation>أُلغيت الزيارة وأُعيدت إلى البطاقة.</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>اليوم</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>رجوع</translation>
    </message>
    <message>
        <source>Void visit</source>
        <translation>إلغاء الزيارة</translation>
    </message>
    <message>
        <source>Yes, void</source>
        <translation>نعم، ألغِ</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>إبقاء</translation>
    </message>
    <message>
        <source>Reason (optional)</source>
        <translation>السبب (اختياري)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>الوقت</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>الموظف</translation>
    </message>
    <message>
        <source>Staff sessions</source>
        <translation>جلسات الموظفين</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>ما حدث</translation>
    </message>
    <message numerus="yes">
        <source>Void the visit of %1 (%Ln person(s)) at %2? The visit is refunded to the pass.</source>
        <translation>
            <numerusform>إلغاء زيارة %1 (%Ln شخص) في %2؟ ستُعاد الزيارة إلى البطاقة.</numerusform>
            <numerusform>إلغاء زيارة %1 (شخص واحد) في %2؟ ستُعاد الزيارة إلى البطاقة.</numerusform>
            <numerusform>إلغاء زيارة %1 (شخصان) في %2؟ ستُعاد الزيارة إلى البطاقة.</numerusform>
            <numerusform>إلغاء زيارة %1 (%Ln أشخاص) في %2؟ ستُعاد الزيارة إلى البطاقة.</numerusform>
            <numerusform>إلغاء زيارة %1 (%Ln شخصًا) في %2؟ ستُعاد الزيارة إلى البطاقة.</numerusform>
            <numerusform>إلغاء زيارة %1 (%Ln شخص) في %2؟ ستُعاد الزيارة إلى البطاقة.</numerusform>
        </translation>
    </message>
    <message>
        <source>This code is not a pass this terminal knows.</source>
        <translation>هذا الرمز ليس بطاقة يعرفها هذا الجهاز.</translation>
    </message>
    <message>
        <source>Changing the guest count…</source>
        <translation>جارٍ تغيير عدد الضيوف…</translation>
    </message>
    <message>
        <source>Guest count changed</source>
        <translation>تغيّر عدد الضيوف</translation>
    </message>
    <message numerus="yes">
        <source>Guest count changed: %Ln people now. The old visit is voided.</source>
        <translation>
            <numerusform>تغيّر عدد الضيوف: %Ln شخص الآن. أُلغيت الزيارة السابقة.</numerusform>
            <numerusform>تغيّر عدد الضيوف: شخص واحد الآن. أُلغيت الزيارة السابقة.</numerusform>
            <numerusform>تغيّر عدد الضيوف: شخصان الآن. أُلغيت الزيارة السابقة.</numerusform>
            <numerusform>تغيّر عدد الضيوف: %Ln أشخاص الآن. أُلغيت الزيارة السابقة.</numerusform>
            <numerusform>تغيّر عدد الضيوف: %Ln شخصًا الآن. أُلغيت الزيارة السابقة.</numerusform>
            <numerusform>تغيّر عدد الضيوف: %Ln شخص الآن. أُلغيت الزيارة السابقة.</numerusform>
        </translation>
    </message>
    <message>
        <source>Guest count not changed: %1</source>
        <translation>لم يتغيّر عدد الضيوف: %1</translation>
    </message>
    <message>
        <source>Search name, number or pass, or scan the pass</source>
        <translation>ابحث بالاسم أو الرقم أو البطاقة، أو امسح البطاقة</translation>
    </message>
    <message>
        <source>Change guests</source>
        <translation>تغيير الضيوف</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>تغيير</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>لوحة المفاتيح</translation>
    </message>
    <message>
        <source>%1h: %2</source>
        <translation>الساعة %1: %2</translation>
    </message>
    <message>
        <source>Paid entry</source>
        <translation>دخول مدفوع</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>أخرى</translation>
    </message>
    <message>
        <source>By hour: %1</source>
        <translation>حسب الساعة: %1</translation>
    </message>
    <message>
        <source>By programme: %1</source>
        <translation>حسب البرنامج: %1</translation>
    </message>
    <message>
        <source>A supervisor can void a visit or change its guest count.</source>
        <translation>يستطيع المشرف إلغاء زيارة أو تغيير عدد ضيوفها.</translation>
    </message>
    <message numerus="yes">
        <source>%1 came in as %Ln person(s) at %2. How many people are there?</source>
        <translation>
            <numerusform>دخل %1 مع %Ln شخص الساعة %2. كم عدد الأشخاص الآن؟</numerusform>
            <numerusform>دخل %1 بمفرده الساعة %2. كم عدد الأشخاص الآن؟</numerusform>
            <numerusform>دخل %1 مع شخصين الساعة %2. كم عدد الأشخاص الآن؟</numerusform>
            <numerusform>دخل %1 مع %Ln أشخاص الساعة %2. كم عدد الأشخاص الآن؟</numerusform>
            <numerusform>دخل %1 مع %Ln شخصًا الساعة %2. كم عدد الأشخاص الآن؟</numerusform>
            <numerusform>دخل %1 مع %Ln شخص الساعة %2. كم عدد الأشخاص الآن؟</numerusform>
        </translation>
    </message>
    <message>
        <source>Admitted %1 in %2 (%3) · %4 admitted anyway · %5 paid entries · %6 refused · %7 voided</source>
        <translation>دخل %1 في %2 (%3) · %4 رغم التنبيه · %5 دخول مدفوع · %6 مرفوضة · %7 ملغاة</translation>
    </message>
    <message numerus="yes">
        <source>%Ln person(s)</source>
        <translation>
            <numerusform>%Ln شخص</numerusform>
            <numerusform>شخص واحد</numerusform>
            <numerusform>شخصان</numerusform>
            <numerusform>%Ln أشخاص</numerusform>
            <numerusform>%Ln شخصًا</numerusform>
            <numerusform>%Ln شخص</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln visit(s)</source>
        <translation>
            <numerusform>%Ln زيارة</numerusform>
            <numerusform>زيارة واحدة</numerusform>
            <numerusform>زيارتين</numerusform>
            <numerusform>%Ln زيارات</numerusform>
            <numerusform>%Ln زيارة</numerusform>
            <numerusform>%Ln زيارة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln guest(s)</source>
        <translation>
            <numerusform>بلا ضيوف</numerusform>
            <numerusform>ضيف واحد</numerusform>
            <numerusform>ضيفان</numerusform>
            <numerusform>%Ln ضيوف</numerusform>
            <numerusform>%Ln ضيفًا</numerusform>
            <numerusform>%Ln ضيف</numerusform>
        </translation>
    </message>
    <message>
        <source>Shift report saved: %1</source>
        <translation>حُفظ تقرير المناوبة: %1</translation>
    </message>
    <message>
        <source>Only a supervisor can export the shift report. Ask a supervisor to sign in.</source>
        <translation>لا يستطيع تصدير تقرير المناوبة إلا المشرف. اطلب من المشرف تسجيل الدخول.</translation>
    </message>
    <message>
        <source>No export folder is set up for this desk. Ask lounge IT (export_dir).</source>
        <translation>لم يُعدّ مجلد تصدير لهذا المكتب. اتصل بدعم تقنية المعلومات في الصالة (export_dir).</translation>
    </message>
    <message>
        <source>The shift report could not be saved (%1). Check the USB stick or the export folder and try again.</source>
        <translation>تعذّر حفظ تقرير المناوبة (%1). تحقق من ذاكرة USB أو مجلد التصدير ثم حاول مرة أخرى.</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>تقرير المناوبة</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>تصدير CSV</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>تصدير PDF</translation>
    </message>
</context>
<context>
    <name>lounge::gui::VerdictScreen</name>
    <message numerus="yes">
        <source>Party of %Ln</source>
        <translation>
            <numerusform>مجموعة من %Ln</numerusform>
            <numerusform>شخص واحد</numerusform>
            <numerusform>شخصان</numerusform>
            <numerusform>مجموعة من %Ln أشخاص</numerusform>
            <numerusform>مجموعة من %Ln شخصًا</numerusform>
            <numerusform>مجموعة من %Ln شخص</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: unlimited</source>
        <translation>%1: غير محدود</translation>
    </message>
    <message>
        <source>%1: %2 of %3 left</source>
        <translation>%1: متبقٍ %2 من %3</translation>
    </message>
    <message>
        <source>Guests allowed: %1</source>
        <translation>الضيوف المسموح بهم: %1</translation>
    </message>
    <message>
        <source>The visit was not recorded. Do not admit. Call a supervisor.</source>
        <translation>لم تُسجَّل الزيارة. لا تسمح بالدخول. اتصل بالمشرف.</translation>
    </message>
    <message>
        <source>Decided offline: central did not answer in time. The visit uploads later.</source>
        <translation>تقرر دون اتصال: لم يرد النظام المركزي في الوقت المحدد. تُرفع الزيارة لاحقاً.</translation>
    </message>
    <message>
        <source>Admit anyway</source>
        <translation>اسمح بالدخول على أي حال</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Next guest</source>
        <translation>الضيف التالي</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>موافق</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>جارٍ التحقق…</translation>
    </message>
    <message>
        <source>Boarding pass: %1 — pass: %2</source>
        <translation>بطاقة الصعود: %1 — التصريح: %2</translation>
    </message>
    <message>
        <source>Guest %1: %2</source>
        <translation>الضيف %1: %2</translation>
    </message>
</context>
</TS>

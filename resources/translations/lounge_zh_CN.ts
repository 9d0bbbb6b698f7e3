<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>lounge::gui::BannerBar</name>
    <message>
        <source>⚠ %1 Visits cannot be recorded: do not admit until a green screen. Retrying…</source>
        <translation>⚠ %1 无法记录访问：在出现绿色屏幕之前请勿放行。正在重试…</translation>
    </message>
    <message numerus="yes">
        <source>Offline: checking against the local cache. %Ln visit(s) waiting to upload.</source>
        <translation>
            <numerusform>离线：正在使用本地数据核验。%Ln 条访问记录等待上传。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 signed %2 out of this desk. Visits from now on are recorded under %1.</source>
        <translation>%1 已将 %2 从本工位登出。此后的访问记录在 %1 名下。</translation>
    </message>
    <message>
        <source>Data last updated %1. Check the network connection.</source>
        <translation>数据最后更新于%1。请检查网络连接。</translation>
    </message>
    <message>
        <source>checking the pass…</source>
        <translation>正在核验凭证…</translation>
    </message>
    <message>
        <source>Next guest: %1 (scanned, waits until this guest is finished)</source>
        <translation>下一位宾客：%1（已扫描，待当前宾客办理完毕）</translation>
    </message>
    <message>
        <source>That code is not a staff badge. Sign in first; guests are checked once the desk is open.</source>
        <translation>这不是员工工牌。请先登录；工位开启后再核验宾客。</translation>
    </message>
    <message>
        <source>Finish this guest first: one more guest is already waiting. Scan again after.</source>
        <translation>请先办理完当前宾客：已有一位宾客在等候。稍后再扫描。</translation>
    </message>
    <message>
        <source>⚠ %1 Do not admit, and do not set this desk up again: call IT to restore the file.</source>
        <translation>⚠ %1 请勿放行，也不要重新设置此柜台：请联系 IT 恢复该文件。</translation>
    </message>
    <message>
        <source>This is not a boarding pass. Scan the lounge pass or a boarding pass.</source>
        <translation>这不是登机牌。请扫描休息室通行证或登机牌。</translation>
    </message>
    <message>
        <source>This boarding pass is damaged — scan it again.</source>
        <translation>此登机牌已损坏，请重新扫描。</translation>
    </message>
    <message>
        <source>Boarding passes are not checked at this lounge. Scan the lounge pass.</source>
        <translation>本休息室不查验登机牌。请扫描休息室通行证。</translation>
    </message>
</context>
<context>
    <name>lounge::gui::BoardingPassScreen</name>
    <message>
        <source>Only a supervisor can admit without a boarding pass.</source>
        <translation>只有主管可以在无登机牌的情况下放行。</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again at %1.</source>
        <translation>PIN 错误次数过多。请在 %1 再试。</translation>
    </message>
    <message>
        <source>The override could not be checked. Try again.</source>
        <translation>无法核验此授权。请重试。</translation>
    </message>
    <message>
        <source>Wrong staff number or PIN.</source>
        <translation>员工编号或 PIN 错误。</translation>
    </message>
    <message>
        <source>Boarding pass on a phone that does not scan</source>
        <translation>手机上的登机牌无法扫描</translation>
    </message>
    <message>
        <source>Connecting flight: boarding pass not issued yet</source>
        <translation>转机航班：登机牌尚未签发</translation>
    </message>
    <message>
        <source>Airline check-in system down</source>
        <translation>航空公司值机系统故障</translation>
    </message>
    <message>
        <source>Crew or airline staff</source>
        <translation>机组或航空公司员工</translation>
    </message>
    <message>
        <source>Reason (pick or type)</source>
        <translation>原因（选择或输入）</translation>
    </message>
    <message>
        <source>Supervisor staff number</source>
        <translation>主管员工编号</translation>
    </message>
    <message>
        <source>Supervisor PIN</source>
        <translation>主管 PIN</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Admit without boarding pass</source>
        <translation>无登机牌放行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>No boarding pass</source>
        <translation>没有登机牌</translation>
    </message>
    <message>
        <source>Admit without a boarding pass: a supervisor authorises, with a reason.</source>
        <translation>无登机牌放行：需主管授权并填写原因。</translation>
    </message>
    <message>
        <source>Admit without a boarding pass: give the reason.</source>
        <translation>无登机牌放行：请填写原因。</translation>
    </message>
    <message>
        <source>Give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <source>A supervisor enters their staff number and PIN.</source>
        <translation>请主管输入员工编号和 PIN。</translation>
    </message>
    <message>
        <source>Scan boarding pass</source>
        <translation>扫描登机牌</translation>
    </message>
    <message>
        <source>This lounge needs today&apos;s boarding pass.</source>
        <translation>本休息室需要查验当天的登机牌。</translation>
    </message>
    <message>
        <source>%1: this lounge needs today&apos;s boarding pass.</source>
        <translation>%1：本休息室需要查验当天的登机牌。</translation>
    </message>
    <message>
        <source>Now scan the lounge pass</source>
        <translation>现在请扫描休息室通行证</translation>
    </message>
    <message>
        <source>Boarding pass for %1</source>
        <translation>%1 的登机牌</translation>
    </message>
    <message>
        <source>Boarding pass for %1, %2</source>
        <translation>%1 的登机牌，%2</translation>
    </message>
    <message>
        <source>Guest %1 of %2: scan boarding pass</source>
        <translation>第 %1 位宾客（共 %2 位）：扫描登机牌</translation>
    </message>
    <message>
        <source>Guests of %1</source>
        <translation>%1 的宾客</translation>
    </message>
    <message>
        <source>This is not a boarding pass. Scan the boarding pass.</source>
        <translation>这不是登机牌。请扫描登机牌。</translation>
    </message>
    <message>
        <source>This boarding pass is damaged — scan it again.</source>
        <translation>此登机牌已损坏，请重新扫描。</translation>
    </message>
    <message>
        <source>This is not a lounge pass. Scan the lounge pass.</source>
        <translation>这不是休息室通行证。请扫描休息室通行证。</translation>
    </message>
</context>
<context>
    <name>lounge::gui::MainWindow</name>
    <message>
        <source>DEMO — demo data, not a real desk</source>
        <translation>演示 — 演示数据，非真实柜台</translation>
    </message>
</context>
<context>
    <name>lounge::gui::ManualEntryScreen</name>
    <message>
        <source>Type the code or membership number</source>
        <translation>输入二维码内容或会员号</translation>
    </message>
    <message>
        <source>e.g. 6001234500001001</source>
        <translation>例如 6001234500001001</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核验</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>lounge::gui::PaidEntryPanel</name>
    <message numerus="yes">
        <source>Paid entry recorded for %Ln person(s). Admit them.</source>
        <translation>
            <numerusform>已记录 %Ln 人付费入内。请放行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Paid entry not recorded: %1</source>
        <translation>付费入内未记录：%1</translation>
    </message>
    <message>
        <source>Paid entry</source>
        <translation>付费入内</translation>
    </message>
    <message>
        <source>Amount (optional)</source>
        <translation>金额（可选）</translation>
    </message>
    <message>
        <source>Record paid entry</source>
        <translation>记录付费入内</translation>
    </message>
</context>
<context>
    <name>lounge::gui::PartySizeScreen</name>
    <message>
        <source>How many people are entering, including the member?</source>
        <translation>包括会员本人，共几人入内？</translation>
    </message>
    <message numerus="yes">
        <source>Up to %Ln guest(s) with this pass right now.</source>
        <translation>
            <numerusform>此凭证当前最多可带 %Ln 位随行宾客。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Admit %Ln</source>
        <translation>
            <numerusform>放行 %Ln 人</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Admit anyway: how many people are entering, including the member?</source>
        <translation>仍予放行：包括会员本人，共几人入内？</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核验…</translation>
    </message>
</context>
<context>
    <name>lounge::gui::ReadyScreen</name>
    <message>
        <source>Type a code</source>
        <translation>手动输入</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日记录</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Ready: hold the pass code up to the camera</source>
        <translation>就绪：请将凭证二维码对准摄像头</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核验…</translation>
    </message>
</context>
<context>
    <name>lounge::gui::ReasonText</name>
    <message>
        <source>Valid for entry.</source>
        <translation>可以入内。</translation>
    </message>
    <message>
        <source>This code is not known to this terminal.</source>
        <translation>本终端无法识别此二维码。</translation>
    </message>
    <message>
        <source>This is not a lounge pass code.</source>
        <translation>这不是贵宾室凭证二维码。</translation>
    </message>
    <message>
        <source>This pass is not valid yet.</source>
        <translation>此凭证尚未生效。</translation>
    </message>
    <message>
        <source>This pass has expired.</source>
        <translation>此凭证已过期。</translation>
    </message>
    <message>
        <source>This membership is not activated yet.</source>
        <translation>此会员资格尚未激活。</translation>
    </message>
    <message>
        <source>This membership is suspended.</source>
        <translation>此会员资格已暂停。</translation>
    </message>
    <message>
        <source>This membership was cancelled.</source>
        <translation>此会员资格已取消。</translation>
    </message>
    <message>
        <source>This E-pass was revoked.</source>
        <translation>此电子通行证已被撤销。</translation>
    </message>
    <message>
        <source>This pass does not include this service.</source>
        <translation>此凭证不包含该项服务。</translation>
    </message>
    <message>
        <source>This pass is not valid at this location.</source>
        <translation>此凭证在本地点无效。</translation>
    </message>
    <message>
        <source>No visits left on this pass.</source>
        <translation>此凭证已无剩余次数。</translation>
    </message>
    <message>
        <source>Too many guests for this pass.</source>
        <translation>随行宾客人数超出此凭证限额。</translation>
    </message>
    <message>
        <source>This pass was used here a few minutes ago.</source>
        <translation>此凭证几分钟前刚在此使用过。</translation>
    </message>
    <message>
        <source>The terminal&apos;s data is out of date.</source>
        <translation>终端数据已过时。</translation>
    </message>
    <message>
        <source>This terminal is not set up for a lounge.</source>
        <translation>本终端尚未设置贵宾室。</translation>
    </message>
    <message>
        <source>The terminal&apos;s database is not available.</source>
        <translation>终端数据库不可用。</translation>
    </message>
    <message>
        <source>This code is not genuine.</source>
        <translation>此二维码不是真实凭证。</translation>
    </message>
    <message>
        <source>This app code has expired.</source>
        <translation>此应用动态码已过期。</translation>
    </message>
    <message>
        <source>This app code is not valid yet.</source>
        <translation>此应用动态码尚未生效。</translation>
    </message>
    <message>
        <source>This app code cannot be checked here.</source>
        <translation>本终端无法核验此应用动态码。</translation>
    </message>
    <message>
        <source>This app code was already used.</source>
        <translation>此应用动态码已被使用。</translation>
    </message>
    <message>
        <source>A printed code is not accepted here.</source>
        <translation>此处不接受打印的二维码。</translation>
    </message>
    <message>
        <source>The terminal&apos;s clock is not set.</source>
        <translation>终端时钟未设置。</translation>
    </message>
    <message>
        <source>Not valid.</source>
        <translation>无效。</translation>
    </message>
    <message>
        <source>Scan again, or type the membership number.</source>
        <translation>请重新扫描，或手动输入会员号。</translation>
    </message>
    <message>
        <source>Ask the guest to contact their card issuer; offer paid entry.</source>
        <translation>请宾客联系发卡机构；可提供付费入内。</translation>
    </message>
    <message>
        <source>Do not admit. Offer paid entry.</source>
        <translation>请勿放行。可提供付费入内。</translation>
    </message>
    <message>
        <source>Direct the guest to a lounge their pass covers, or offer paid entry.</source>
        <translation>请引导宾客前往其凭证适用的贵宾室，或提供付费入内。</translation>
    </message>
    <message>
        <source>Offer paid entry or a top-up from the card issuer.</source>
        <translation>可提供付费入内，或请发卡机构充值。</translation>
    </message>
    <message>
        <source>Admit fewer guests; others can pay for entry.</source>
        <translation>请减少随行人数；其他人可付费入内。</translation>
    </message>
    <message>
        <source>Check it is the same person coming back, then admit anyway.</source>
        <translation>请确认是同一人再次进入，然后选择仍然放行。</translation>
    </message>
    <message>
        <source>Check the network. Admit only if you are sure.</source>
        <translation>请检查网络。确认无误后方可放行。</translation>
    </message>
    <message>
        <source>Ask a supervisor to choose the lounge in Settings.</source>
        <translation>请主管在设置中选择贵宾室。</translation>
    </message>
    <message>
        <source>Call a supervisor. Do not admit until the screen is green.</source>
        <translation>请联系主管。屏幕变绿之前请勿放行。</translation>
    </message>
    <message>
        <source>Do not admit. Call a supervisor.</source>
        <translation>请勿放行。请联系主管。</translation>
    </message>
    <message>
        <source>Ask the guest to refresh the code in their app.</source>
        <translation>请宾客在应用中刷新二维码。</translation>
    </message>
    <message>
        <source>Ask the guest to show the code from their app, or type the membership number.</source>
        <translation>请宾客出示应用中的二维码，或手动输入会员号。</translation>
    </message>
    <message>
        <source>Call a supervisor to sync the terminal.</source>
        <translation>请联系主管同步终端。</translation>
    </message>
    <message>
        <source>ACCEPT</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>ATTENTION</source>
        <translation>请注意</translation>
    </message>
    <message>
        <source>REJECT</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>NOT RECORDED</source>
        <translation>未记录</translation>
    </message>
    <message>
        <source>The terminal&apos;s disk is full.</source>
        <translation>终端磁盘已满。</translation>
    </message>
    <message>
        <source>The terminal cannot write its database.</source>
        <translation>终端无法写入数据库。</translation>
    </message>
    <message>
        <source>The database is busy in another program.</source>
        <translation>数据库正被其他程序占用。</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>PIN 码错误。</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Wait, or ask a supervisor.</source>
        <translation>PIN 码错误次数过多。请稍候，或联系主管。</translation>
    </message>
    <message>
        <source>This visit can no longer be voided.</source>
        <translation>此访问记录已无法作废。</translation>
    </message>
    <message>
        <source>Member visits</source>
        <translation>会员次数</translation>
    </message>
    <message>
        <source>Guest visits</source>
        <translation>宾客次数</translation>
    </message>
    <message>
        <source>Shared visits</source>
        <translation>共享次数</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>访问记录</translation>
    </message>
    <message>
        <source>Lounge</source>
        <translation>贵宾室</translation>
    </message>
    <message>
        <source>Fast Track</source>
        <translation>快速通道</translation>
    </message>
    <message>
        <source>Dining</source>
        <translation>餐饮</translation>
    </message>
    <message>
        <source>Camera off</source>
        <translation>摄像头关闭</translation>
    </message>
    <message>
        <source>Camera starting</source>
        <translation>摄像头启动中</translation>
    </message>
    <message>
        <source>Camera on</source>
        <translation>摄像头开启</translation>
    </message>
    <message>
        <source>Demo video</source>
        <translation>演示视频</translation>
    </message>
    <message>
        <source>No camera found. Use the handheld scanner or type the code.</source>
        <translation>未找到摄像头。请使用手持扫描枪或手动输入。</translation>
    </message>
    <message>
        <source>Camera unplugged. Plug it back in, or type the code.</source>
        <translation>摄像头已断开。请重新连接，或手动输入。</translation>
    </message>
    <message>
        <source>Camera in use by another program. Retrying.</source>
        <translation>摄像头被其他程序占用。正在重试。</translation>
    </message>
    <message>
        <source>No permission to use the camera.</source>
        <translation>没有使用摄像头的权限。</translation>
    </message>
    <message>
        <source>Camera failed. Retrying; type the code meanwhile.</source>
        <translation>摄像头故障。正在重试；请先手动输入。</translation>
    </message>
    <message>
        <source>Standalone</source>
        <translation>独立运行</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Syncing</source>
        <translation>同步中</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Sync error</source>
        <translation>同步错误</translation>
    </message>
    <message>
        <source>Online first</source>
        <translation>在线优先</translation>
    </message>
    <message>
        <source>Offline first</source>
        <translation>离线优先</translation>
    </message>
    <message>
        <source>Waiting to upload</source>
        <translation>等待上传</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>已上传</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>已同步</translation>
    </message>
    <message>
        <source>Synced (overdrawn)</source>
        <translation>已同步（超额）</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Refused by central</source>
        <translation>被中心拒绝</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message numerus="yes">
        <source>%Ln min ago</source>
        <translation>
            <numerusform>%Ln 分钟前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln h ago</source>
        <translation>
            <numerusform>%Ln 小时前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln days ago</source>
        <translation>
            <numerusform>%Ln 天前</numerusform>
        </translation>
    </message>
    <message>
        <source>Wrong staff number or PIN. Try again.</source>
        <translation>员工编号或 PIN 错误，请重试。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln second(s)</source>
        <translation>
            <numerusform>%Ln 秒</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln minute(s)</source>
        <translation>
            <numerusform>%Ln 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>Too many wrong PINs. This staff number is locked. Try again in %1, or ask a supervisor.</source>
        <translation>PIN 错误次数过多，此员工编号已锁定。请在 %1 后重试，或联系主管。</translation>
    </message>
    <message>
        <source>This staff account is disabled. Ask a supervisor.</source>
        <translation>此员工账号已停用。请联系主管。</translation>
    </message>
    <message>
        <source>This staff account may not sign in at this lounge. Ask a supervisor.</source>
        <translation>此员工账号不能在本贵宾室登录。请联系主管。</translation>
    </message>
    <message>
        <source>Sign-in is not available right now.</source>
        <translation>暂时无法登录。</translation>
    </message>
    <message>
        <source>Only a supervisor can sign %1 out. Ask %1 to unlock, or call a supervisor.</source>
        <translation>只有主管可以登出 %1。请 %1 本人解锁，或联系主管。</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>已登录</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>已退出登录</translation>
    </message>
    <message>
        <source>Locked the desk</source>
        <translation>锁定了工位</translation>
    </message>
    <message>
        <source>Unlocked the desk</source>
        <translation>解锁了工位</translation>
    </message>
    <message>
        <source>Signed %1 out and took over</source>
        <translation>登出 %1 并接管工位</translation>
    </message>
    <message>
        <source>Tried to sign %1 out: refused, not a supervisor</source>
        <translation>试图登出 %1：被拒绝，非主管</translation>
    </message>
    <message>
        <source>Staff %1</source>
        <translation>员工 %1</translation>
    </message>
    <message>
        <source>less than a minute ago</source>
        <translation>不到一分钟前</translation>
    </message>
    <message numerus="yes">
        <source>%Ln minute(s) ago</source>
        <translation>
            <numerusform>%Ln 分钟前</numerusform>
        </translation>
    </message>
    <message>
        <source>this desk</source>
        <translation>本工位</translation>
    </message>
    <message>
        <source>desk %1</source>
        <translation>工位 %1</translation>
    </message>
    <message>
        <source>Used here %1, at %2: %3 at %4, by %5.</source>
        <translation>%1（%2）已在此使用：%3，%4，经办人 %5。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln person(s)</source>
        <translation>
            <numerusform>%Ln 人</numerusform>
        </translation>
    </message>
    <message>
        <source>The central service could not be reached. Check the network cable or Wi-Fi.</source>
        <translation>无法连接中央服务。请检查网线或 Wi-Fi。</translation>
    </message>
    <message>
        <source>The central service did not answer in time.</source>
        <translation>中央服务未及时响应。</translation>
    </message>
    <message>
        <source>The central service sent an answer this terminal cannot read. Ask IT to check the versions.</source>
        <translation>中央服务返回了本终端无法读取的应答。请联系 IT 检查版本。</translation>
    </message>
    <message>
        <source>The central service no longer knows this terminal. Ask IT to enroll it again.</source>
        <translation>中央服务已不识别本终端。请联系 IT 重新注册。</translation>
    </message>
    <message>
        <source>The central service refused this terminal. Ask IT to check its lounge and enrollment.</source>
        <translation>中央服务拒绝了本终端。请联系 IT 检查贵宾室设置和注册。</translation>
    </message>
    <message>
        <source>The terminal could not save what it received. Ask IT to check the terminal&apos;s storage.</source>
        <translation>终端无法保存收到的数据。请联系 IT 检查终端存储。</translation>
    </message>
    <message>
        <source>Sync stopped because of an unexpected error. It will try again by itself.</source>
        <translation>同步因意外错误而中断，稍后将自动重试。</translation>
    </message>
    <message>
        <source>The terminal&apos;s data file is damaged, emptied or replaced: the visits not yet sent and this desk&apos;s enrollment are in that file.</source>
        <translation>终端的数据文件已损坏、被清空或被替换：尚未上传的访问记录和此柜台的注册信息都在该文件中。</translation>
    </message>
    <message>
        <source>This lane needs a booking. This pass has no booking for now.</source>
        <translation>此通道需要预约。此凭证当前没有预约。</translation>
    </message>
    <message>
        <source>This booking was already used.</source>
        <translation>此预约已使用。</translation>
    </message>
    <message>
        <source>This booking was cancelled.</source>
        <translation>此预约已取消。</translation>
    </message>
    <message>
        <source>This pass is booked for another time.</source>
        <translation>此凭证预约的是其他时间。</translation>
    </message>
    <message>
        <source>Direct the guest to the standard lane.</source>
        <translation>请引导旅客前往普通通道。</translation>
    </message>
    <message>
        <source>Check the booked time. Admit anyway only if the guest may use the lane now.</source>
        <translation>请核对预约时间。仅当旅客现在可以使用此通道时才仍予放行。</translation>
    </message>
    <message>
        <source>Booked %1–%2</source>
        <translation>已预约 %1–%2</translation>
    </message>
    <message>
        <source>flight %1</source>
        <translation>航班 %1</translation>
    </message>
    <message numerus="yes">
        <source>for %Ln person(s)</source>
        <translation>
            <numerusform>%Ln 人</numerusform>
        </translation>
    </message>
    <message>
        <source>This lounge needs today&apos;s boarding pass.</source>
        <translation>本休息室需要查验当天的登机牌。</translation>
    </message>
    <message>
        <source>This boarding pass is not for a flight from this airport.</source>
        <translation>此登机牌不是从本机场出发的航班。</translation>
    </message>
    <message>
        <source>This boarding pass is not for today.</source>
        <translation>此登机牌不是今天的航班。</translation>
    </message>
    <message>
        <source>This pass does not cover this travel class.</source>
        <translation>此通行证不适用于该舱位等级。</translation>
    </message>
    <message>
        <source>This pass does not cover this airline.</source>
        <translation>此通行证不适用于该航空公司。</translation>
    </message>
    <message>
        <source>The booking is for another flight.</source>
        <translation>该预订对应的是其他航班。</translation>
    </message>
    <message>
        <source>The boarding pass shows another name.</source>
        <translation>登机牌上的姓名与通行证不符。</translation>
    </message>
    <message>
        <source>This boarding pass was already used here today.</source>
        <translation>此登机牌今天已在此使用过。</translation>
    </message>
    <message>
        <source>Scan the guest&apos;s boarding pass.</source>
        <translation>请扫描宾客的登机牌。</translation>
    </message>
    <message>
        <source>Check the boarding pass. Do not admit without a flight from here today.</source>
        <translation>请核对登机牌。没有今天从本机场出发的航班，请勿放行。</translation>
    </message>
    <message>
        <source>Do not admit with this pass. Offer paid entry.</source>
        <translation>不可凭此通行证入内。可提供付费入场。</translation>
    </message>
    <message>
        <source>Check the guest&apos;s ID against both names, then admit anyway or refuse.</source>
        <translation>请将宾客证件与两个姓名核对，然后决定放行或拒绝。</translation>
    </message>
    <message>
        <source>Check it is the same traveller coming back, then admit anyway.</source>
        <translation>请确认是同一位旅客返回，然后仍可放行。</translation>
    </message>
    <message>
        <source>Flight %1 %2</source>
        <translation>航班 %1 %2</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>舱位 %1</translation>
    </message>
</context>
<context>
    <name>lounge::gui::SettingsScreen</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Lounge</source>
        <translation>贵宾室</translation>
    </message>
    <message>
        <source>Sync mode</source>
        <translation>同步模式</translation>
    </message>
    <message>
        <source>Verdict shown for (seconds)</source>
        <translation>结果显示时长（秒）</translation>
    </message>
    <message>
        <source>Lock when idle for (minutes, 0 = never)</source>
        <translation>空闲多久后锁定工位（分钟，0 = 从不）</translation>
    </message>
    <message>
        <source>Warn on reuse within (minutes)</source>
        <translation>重复使用提醒时限（分钟）</translation>
    </message>
    <message>
        <source>Warn when data older than (hours)</source>
        <translation>数据过期提醒（小时）</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Play a sound for each verdict</source>
        <translation>每次核验结果播放提示音</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>Only a supervisor can change the settings.</source>
        <translation>只有主管可以更改设置。</translation>
    </message>
    <message>
        <source>Settings not saved: %1</source>
        <translation>设置未保存：%1</translation>
    </message>
    <message>
        <source>Your changes are not saved. Leave without saving them?</source>
        <translation>更改尚未保存。不保存就离开吗？</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>放弃更改</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>继续编辑</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>lounge::gui::SetupScreen</name>
    <message>
        <source>Set up this desk</source>
        <translation>设置此柜台</translation>
    </message>
    <message>
        <source>Hold the set-up QR code from your IT team up to the camera or scan it with the handheld scanner. No QR code? Type central&apos;s address and the one-time code printed with it.</source>
        <translation>将 IT 团队提供的设置二维码对准摄像头，或用手持扫描枪扫描。没有二维码？请输入中心服务地址和随附打印的一次性代码。</translation>
    </message>
    <message>
        <source>Central address</source>
        <translation>中心服务地址</translation>
    </message>
    <message>
        <source>https://central.example.org</source>
        <translation>https://central.example.org</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>一次性代码</translation>
    </message>
    <message>
        <source>Set up</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>试用演示</translation>
    </message>
    <message>
        <source>That is not a central address. Type it as printed under the QR code, starting with https:// (for example https://central.example.org).</source>
        <translation>这不是中心服务地址。请按二维码下方打印的内容输入，以 https:// 开头（例如 https://central.example.org）。</translation>
    </message>
    <message>
        <source>Type the one-time code as well: it is printed with the QR code.</source>
        <translation>还需输入一次性代码：它与二维码一起打印。</translation>
    </message>
    <message>
        <source>That is not a set-up code. Scan the set-up QR code your IT team printed for this desk.</source>
        <translation>这不是设置代码。请扫描 IT 团队为此柜台打印的设置二维码。</translation>
    </message>
    <message>
        <source>Central did not accept this code: it is mistyped, already used or expired. Ask IT for a new set-up code (lounge-central enroll-code --qr) and scan it.</source>
        <translation>中心服务不接受此代码：输入有误、已被使用或已过期。请向 IT 索取新的设置代码（lounge-central enroll-code --qr）并扫描。</translation>
    </message>
    <message>
        <source>Central does not answer at %1. Check the desk&apos;s network cable or Wi-Fi and the address, then press Set up again.</source>
        <translation>%1 处的中心服务无应答。请检查柜台的网线或 Wi-Fi 以及地址，然后再次按“设置”。</translation>
    </message>
    <message>
        <source>Central&apos;s certificate is issued for a different name than %1. Type the address exactly as printed on the set-up sheet (the name, not an IP address), or ask IT to fix the certificate.</source>
        <translation>中心服务的证书签发给的名称与 %1 不同。请严格按设置单上打印的地址输入（名称，而非 IP 地址），或请 IT 修复证书。</translation>
    </message>
    <message>
        <source>This desk does not trust central&apos;s certificate at %1 (self-signed, unknown authority or expired). Ask IT to install a trusted certificate on central.</source>
        <translation>此柜台不信任 %1 处中心服务的证书（自签名、颁发机构未知或已过期）。请 IT 在中心服务上安装受信任的证书。</translation>
    </message>
    <message>
        <source>This desk cannot write its data (%1). Call IT: the disk may be full or read-only.</source>
        <translation>此柜台无法写入数据（%1）。请联系 IT：磁盘可能已满或为只读。</translation>
    </message>
    <message>
        <source>The desk is enrolled, but the first download stopped. Check the network, then press Try again.</source>
        <translation>柜台已注册，但首次下载已中断。请检查网络，然后按“重试”。</translation>
    </message>
    <message>
        <source>Enrolling at %1…</source>
        <translation>正在 %1 注册…</translation>
    </message>
    <message>
        <source>Downloading memberships and passes: %1 of %2</source>
        <translation>正在下载会员和通行证：%1 / %2</translation>
    </message>
    <message>
        <source>Downloading memberships and passes: %1</source>
        <translation>正在下载会员和通行证：%1</translation>
    </message>
</context>
<context>
    <name>lounge::gui::ShiftReportDocument</name>
    <message>
        <source>Visits</source>
        <translation>访问</translation>
    </message>
    <message>
        <source>Cardholders</source>
        <translation>持卡人</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>宾客</translation>
    </message>
    <message>
        <source>Paid entry people</source>
        <translation>付费入内人数</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>End-of-shift report</source>
        <translation>交班报告</translation>
    </message>
    <message>
        <source>Terminal %1 · lounge %2 · %3 to %4 (%5)</source>
        <translation>终端 %1 · 休息室 %2 · %3 至 %4（%5）</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>All day</source>
        <translation>全天</translation>
    </message>
    <message>
        <source>Paid entries: %1 (%2 people), amount %3</source>
        <translation>付费入内：%1 次（%2 人），金额 %3</translation>
    </message>
    <message>
        <source>By programme</source>
        <translation>按会员计划</translation>
    </message>
    <message>
        <source>Programme</source>
        <translation>会员计划</translation>
    </message>
    <message>
        <source>Paid entry</source>
        <translation>付费入内</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>By hour</source>
        <translation>按小时</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>Refused scans by reason</source>
        <translation>按原因统计的拒绝扫描</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Admitted anyway (overrides)</source>
        <translation>仍予放行（人工放行）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Why the desk asked</source>
        <translation>提示原因</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>voided later</source>
        <translation>后已作废</translation>
    </message>
    <message>
        <source>stands</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Voids</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Reason given</source>
        <translation>所填原因</translation>
    </message>
</context>
<context>
    <name>lounge::gui::ShiftReportModel</name>
    <message numerus="yes">
        <source>All day: %Ln person(s)</source>
        <translation>
            <numerusform>全天：%Ln 人</numerusform>
        </translation>
    </message>
    <message>
        <source>By programme</source>
        <translation>按会员计划</translation>
    </message>
    <message>
        <source>Paid entry</source>
        <translation>付费入内</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>By hour</source>
        <translation>按小时</translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation>%1–%2</translation>
    </message>
    <message>
        <source>Refused scans</source>
        <translation>拒绝的扫描</translation>
    </message>
    <message>
        <source>Admitted anyway (overrides): %1</source>
        <translation>仍予放行（人工放行）：%1</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>voided later</source>
        <translation>后已作废</translation>
    </message>
    <message>
        <source>Voids: %1</source>
        <translation>作废：%1</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>未填原因</translation>
    </message>
    <message>
        <source>Paid entries: %1, amount %2</source>
        <translation>付费入内：%1，金额 %2</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>交班报告</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>访问</translation>
    </message>
    <message>
        <source>Holders</source>
        <translation>持卡人</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>宾客</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>付费</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>拒绝</translation>
    </message>
</context>
<context>
    <name>lounge::gui::SignInScreen</name>
    <message>
        <source>Demo: PIN 1234 agent, 2468 supervisor</source>
        <translation>演示：PIN 1234 为员工，2468 为主管</translation>
    </message>
    <message>
        <source>Staff sign-in</source>
        <translation>员工登录</translation>
    </message>
    <message>
        <source>Enter your PIN, or scan your staff badge.</source>
        <translation>请输入 PIN 码，或扫描员工卡。</translation>
    </message>
    <message>
        <source>Enter your staff number, or scan your staff badge.</source>
        <translation>请输入员工编号，或扫描员工卡。</translation>
    </message>
    <message>
        <source>Staff number %1: enter your PIN.</source>
        <translation>员工编号 %1：请输入 PIN。</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Other staff number</source>
        <translation>换一个员工编号</translation>
    </message>
    <message>
        <source>Desk locked: %1 is signed in</source>
        <translation>工位已锁定：%1 仍在登录中</translation>
    </message>
    <message>
        <source>%1: enter your PIN to continue. A supervisor&apos;s PIN signs %1 out.</source>
        <translation>%1：请输入您的 PIN 继续。主管输入其 PIN 将登出 %1。</translation>
    </message>
    <message>
        <source>Supervisor: enter your staff number, or scan your badge, to sign %1 out and take over.</source>
        <translation>主管：请输入员工编号或扫描工牌，以登出 %1 并接管工位。</translation>
    </message>
    <message>
        <source>%1: enter your PIN to continue.</source>
        <translation>%1：请输入您的 PIN 继续。</translation>
    </message>
    <message>
        <source>Staff number %1: enter your PIN to sign %2 out and take over.</source>
        <translation>员工编号 %1：请输入 PIN 以登出 %2 并接管工位。</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Someone else</source>
        <translation>其他员工</translation>
    </message>
    <message>
        <source>Back to %1</source>
        <translation>返回 %1</translation>
    </message>
    <message>
        <source>You can try again now.</source>
        <translation>现在可以重试。</translation>
    </message>
    <message>
        <source>123 Digits</source>
        <translation>123 数字</translation>
    </message>
    <message>
        <source>ABC Letters</source>
        <translation>ABC 字母</translation>
    </message>
</context>
<context>
    <name>lounge::gui::StatusBar</name>
    <message>
        <source>No lounge selected</source>
        <translation>未选择贵宾室</translation>
    </message>
    <message>
        <source>Synced %1</source>
        <translation>同步于%1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln to upload</source>
        <translation>
            <numerusform>%Ln 条待上传</numerusform>
        </translation>
    </message>
    <message>
        <source>Camera fault</source>
        <translation>摄像头故障</translation>
    </message>
    <message>
        <source>Not connected to a central service</source>
        <translation>未连接中央服务</translation>
    </message>
</context>
<context>
    <name>lounge::gui::SyncScreen</name>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Last successful sync</source>
        <translation>上次成功同步</translation>
    </message>
    <message>
        <source>Last failure</source>
        <translation>上次失败</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Visits waiting to upload</source>
        <translation>等待上传的访问记录</translation>
    </message>
    <message>
        <source>Clock offset to central</source>
        <translation>与中心的时钟偏差</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Central service</source>
        <translation>中心服务</translation>
    </message>
    <message>
        <source>Initial download %p%</source>
        <translation>首次下载 %p%</translation>
    </message>
    <message>
        <source>Not connected to a central service</source>
        <translation>未连接中央服务</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>访问记录</translation>
    </message>
    <message>
        <source>Recorded on this terminal only.</source>
        <translation>仅记录在本终端。</translation>
    </message>
    <message>
        <source>To connect</source>
        <translation>如需连接</translation>
    </message>
    <message>
        <source>Ask IT to enroll this terminal with the central service.</source>
        <translation>请联系 IT 将本终端注册到中央服务。</translation>
    </message>
</context>
<context>
    <name>lounge::gui::TodayModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>凭证</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>已拒绝：%1</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废记录</translation>
    </message>
    <message>
        <source>Void: %1</source>
        <translation>作废：%1</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Paid entry (%1)</source>
        <translation>付费入内（%1）</translation>
    </message>
    <message>
        <source>Paid entry</source>
        <translation>付费入内</translation>
    </message>
    <message>
        <source>Guest count changed</source>
        <translation>已更改人数</translation>
    </message>
    <message>
        <source>Admitted anyway: %1</source>
        <translation>仍予放行：%1</translation>
    </message>
    <message>
        <source>No boarding pass: %1 (%2)</source>
        <translation>无登机牌：%1（%2）</translation>
    </message>
</context>
<context>
    <name>lounge::gui::TodayScreen</name>
    <message>
        <source>Visit voided. The visit has been refunded to the pass.</source>
        <translation>访问已作废，次数已退回凭证。</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日记录</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Void visit</source>
        <translation>作废访问</translation>
    </message>
    <message>
        <source>Yes, void</source>
        <translation>确认作废</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Reason (optional)</source>
        <translation>原因（可选）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Staff sessions</source>
        <translation>员工登录记录</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>事件</translation>
    </message>
    <message numerus="yes">
        <source>Void the visit of %1 (%Ln person(s)) at %2? The visit is refunded to the pass.</source>
        <translation>
            <numerusform>作废 %1（%Ln 人）于 %2 的访问？次数将退回凭证。</numerusform>
        </translation>
    </message>
    <message>
        <source>This code is not a pass this terminal knows.</source>
        <translation>本终端无法识别此凭证。</translation>
    </message>
    <message>
        <source>Changing the guest count…</source>
        <translation>正在更改人数…</translation>
    </message>
    <message>
        <source>Guest count changed</source>
        <translation>已更改人数</translation>
    </message>
    <message numerus="yes">
        <source>Guest count changed: %Ln people now. The old visit is voided.</source>
        <translation>
            <numerusform>人数已更改：现为 %Ln 人。原访问已作废。</numerusform>
        </translation>
    </message>
    <message>
        <source>Guest count not changed: %1</source>
        <translation>人数未更改：%1</translation>
    </message>
    <message>
        <source>Search name, number or pass, or scan the pass</source>
        <translation>搜索姓名、会员号或凭证，或扫描凭证</translation>
    </message>
    <message>
        <source>Change guests</source>
        <translation>更改人数</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>更改</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>键盘</translation>
    </message>
    <message>
        <source>%1h: %2</source>
        <translation>%1时：%2</translation>
    </message>
    <message>
        <source>Paid entry</source>
        <translation>付费入内</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>By hour: %1</source>
        <translation>按小时：%1</translation>
    </message>
    <message>
        <source>By programme: %1</source>
        <translation>按会员计划：%1</translation>
    </message>
    <message>
        <source>A supervisor can void a visit or change its guest count.</source>
        <translation>主管可以作废访问或更改人数。</translation>
    </message>
    <message numerus="yes">
        <source>%1 came in as %Ln person(s) at %2. How many people are there?</source>
        <translation>
            <numerusform>%1 于 %2 以 %Ln 人入内。现在共几人？</numerusform>
        </translation>
    </message>
    <message>
        <source>Admitted %1 in %2 (%3) · %4 admitted anyway · %5 paid entries · %6 refused · %7 voided</source>
        <translation>已放行 %1，共 %2（%3）· 仍予放行 %4 次 · 付费入内 %5 次 · 拒绝 %6 次 · 作废 %7 次</translation>
    </message>
    <message numerus="yes">
        <source>%Ln person(s)</source>
        <translation>
            <numerusform>%Ln 人</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln visit(s)</source>
        <translation>
            <numerusform>%Ln 次访问</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln guest(s)</source>
        <translation>
            <numerusform>宾客 %Ln 人</numerusform>
        </translation>
    </message>
    <message>
        <source>Shift report saved: %1</source>
        <translation>交班报告已保存：%1</translation>
    </message>
    <message>
        <source>Only a supervisor can export the shift report. Ask a supervisor to sign in.</source>
        <translation>只有主管可以导出交班报告。请主管登录。</translation>
    </message>
    <message>
        <source>No export folder is set up for this desk. Ask lounge IT (export_dir).</source>
        <translation>此柜台未设置导出文件夹。请联系休息室 IT（export_dir）。</translation>
    </message>
    <message>
        <source>The shift report could not be saved (%1). Check the USB stick or the export folder and try again.</source>
        <translation>交班报告无法保存（%1）。请检查 U 盘或导出文件夹后重试。</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>交班报告</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
</context>
<context>
    <name>lounge::gui::VerdictScreen</name>
    <message numerus="yes">
        <source>Party of %Ln</source>
        <translation>
            <numerusform>共 %Ln 人</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: unlimited</source>
        <translation>%1：不限</translation>
    </message>
    <message>
        <source>%1: %2 of %3 left</source>
        <translation>%1：剩余 %2 / %3</translation>
    </message>
    <message>
        <source>Guests allowed: %1</source>
        <translation>可带宾客：%1</translation>
    </message>
    <message>
        <source>The visit was not recorded. Do not admit. Call a supervisor.</source>
        <translation>访问未被记录。请勿放行。请联系主管。</translation>
    </message>
    <message>
        <source>Decided offline: central did not answer in time. The visit uploads later.</source>
        <translation>离线判定：中央系统未及时响应。访问记录稍后上传。</translation>
    </message>
    <message>
        <source>Admit anyway</source>
        <translation>仍然放行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Next guest</source>
        <translation>下一位</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核验…</translation>
    </message>
    <message>
        <source>Boarding pass: %1 — pass: %2</source>
        <translation>登机牌：%1 — 通行证：%2</translation>
    </message>
    <message>
        <source>Guest %1: %2</source>
        <translation>宾客 %1：%2</translation>
    </message>
</context>
</TS>
